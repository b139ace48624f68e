-- POST a sign-in for a token (the same JSON for both servers); bench/Auth/run.sh registers the user first.
wrk.method = "POST"
wrk.body = '{"userName":"bench","password":"violet-harbor-42","token":true}'
wrk.headers["Content-Type"] = "application/json"
