-- POST a new product (the same JSON for both servers); every request inserts a row.
wrk.method = "POST"
wrk.body = '{"name":"bench product","price":12.5}'
wrk.headers["Content-Type"] = "application/json"
