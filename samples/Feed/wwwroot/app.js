// The feed page: sign-in with the session cookie (+ the CSRF token for unsafe requests), a post form, and a list kept
// live by the server-sent events of /api/posts/stream (event "post": a post as JSON, event "delete": its id).
(function () {
  "use strict";

  var me = null;       // { userName, roles } when signed in
  var csrf = null;     // the session's anti-forgery token
  var next = null;     // cursor of the next (older) page
  var list = document.getElementById("posts");
  var error = document.getElementById("error");
  var segmenter = typeof Intl !== "undefined" && Intl.Segmenter ? new Intl.Segmenter(undefined, { granularity: "grapheme" }) : null;

  // Counts what a reader sees, as the server does (grapheme clusters).
  function length(text) {
    text = text.trim();
    return segmenter ? Array.from(segmenter.segment(text)).length : Array.from(text).length;
  }

  function api(method, url, body) {
    var headers = { "Accept": "application/json" };
    if (body !== undefined) { headers["Content-Type"] = "application/json"; }
    if (csrf && method !== "GET") { headers["X-CSRF-Token"] = csrf; }
    return fetch(url, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "same-origin" });
  }

  async function problem(response) {
    try {
      var p = await response.json();
      if (p.errors) { return Object.keys(p.errors).map(function (k) { return p.errors[k].join(" "); }).join(" "); }
      return p.detail || p.title || ("HTTP " + response.status);
    } catch (e) {
      return "HTTP " + response.status;
    }
  }

  function canDelete(post) {
    return me !== null && (me.userName === post.author || me.roles.indexOf("moderator") >= 0);
  }

  function render(post) {
    var li = document.createElement("li");
    li.dataset.id = String(post.id);
    li.post = post;
    var head = document.createElement("div");
    head.className = "muted";
    var author = document.createElement("strong");
    author.className = "author";
    author.textContent = post.author;
    head.appendChild(author);
    head.appendChild(document.createTextNode(" · " + new Date(post.createdAt).toLocaleString() + " "));
    var del = document.createElement("button");
    del.type = "button";
    del.className = "delete";
    del.textContent = "Delete";
    del.hidden = !canDelete(post);
    del.addEventListener("click", function () { remove(post.id); });
    head.appendChild(del);
    var text = document.createElement("p");
    text.className = "text";
    text.textContent = post.text;
    li.appendChild(head);
    li.appendChild(text);
    return li;
  }

  function find(id) {
    return list.querySelector('li[data-id="' + String(id) + '"]');
  }

  // Keeps the list ordered newest first (ids grow with time) and free of duplicates.
  function insert(post) {
    if (find(post.id)) { return; }
    var li = render(post);
    var children = list.children;
    for (var i = 0; i < children.length; i++) {
      if (Number(children[i].dataset.id) < post.id) { list.insertBefore(li, children[i]); return; }
    }
    list.appendChild(li);
  }

  function refreshButtons() {
    Array.prototype.forEach.call(list.children, function (li) { li.querySelector(".delete").hidden = !canDelete(li.post); });
  }

  async function load(older) {
    var url = "/api/posts?limit=50" + (older && next ? "&cursor=" + encodeURIComponent(next) : "");
    var response = await api("GET", url);
    if (!response.ok) { error.textContent = await problem(response); return; }
    var page = await response.json();
    if (!older) {
      // A reconnect may have missed deletions: drop what the newest page no longer has within its range.
      var ids = page.items.map(function (p) { return p.id; });
      var oldest = ids.length ? ids[ids.length - 1] : Infinity;
      Array.prototype.slice.call(list.children).forEach(function (li) {
        var id = Number(li.dataset.id);
        if (id >= oldest && ids.indexOf(id) < 0) { li.remove(); }
      });
    }
    page.items.forEach(insert);
    if (older || next === null) { next = page.next; }
    document.getElementById("more").hidden = !next;
  }

  async function remove(id) {
    error.textContent = "";
    var response = await api("DELETE", "/api/posts/" + id);
    if (response.status === 204 || response.status === 404) {
      var li = find(id);
      if (li) { li.remove(); }
    } else {
      error.textContent = await problem(response);
    }
  }

  async function signedIn() {
    var response = await api("GET", "/auth/me");
    if (response.ok) {
      me = await response.json();
      csrf = (await (await api("GET", "/auth/csrf")).json()).token;
    } else {
      me = null;
      csrf = null;
    }
    document.getElementById("signed-out").hidden = me !== null;
    document.getElementById("signed-in").hidden = me === null;
    document.getElementById("me").textContent = me ? me.userName : "";
    refreshButtons();
  }

  async function signIn(register) {
    error.textContent = "";
    var credentials = { userName: document.getElementById("username").value, password: document.getElementById("password").value };
    if (register) {
      var created = await api("POST", "/auth/register", credentials);
      if (!created.ok) { error.textContent = await problem(created); return; }
    }
    var response = await api("POST", "/auth/login", credentials);
    if (!response.ok) { error.textContent = response.status === 401 ? "Wrong user name or password." : await problem(response); return; }
    document.getElementById("password").value = "";
    await signedIn();
  }

  document.getElementById("auth-form").addEventListener("submit", function (e) { e.preventDefault(); signIn(false); });
  document.getElementById("register").addEventListener("click", function () {
    if (document.getElementById("auth-form").reportValidity()) { signIn(true); }
  });
  document.getElementById("logout").addEventListener("click", async function () {
    await api("POST", "/auth/logout");
    await signedIn();
  });
  document.getElementById("more").addEventListener("click", function () { load(true); });

  var textarea = document.getElementById("post-text");
  textarea.addEventListener("input", function () { document.getElementById("post-count").textContent = String(length(textarea.value)); });
  document.getElementById("post-form").addEventListener("submit", async function (e) {
    e.preventDefault();
    error.textContent = "";
    var response = await api("POST", "/api/posts", { text: textarea.value });
    if (response.status === 201) {
      insert(await response.json());
      textarea.value = "";
      document.getElementById("post-count").textContent = "0";
    } else {
      error.textContent = await problem(response);
    }
  });

  var status = document.getElementById("stream-status");
  var source = new EventSource("/api/posts/stream");
  // The stream is opened before the first load, so nothing posted in between is missed; each (re)open reloads the newest page.
  source.onopen = function () { status.textContent = "open"; load(false); };
  source.onerror = function () { status.textContent = "reconnecting"; };
  source.addEventListener("post", function (e) { insert(JSON.parse(e.data)); });
  source.addEventListener("delete", function (e) { var li = find(Number(e.data)); if (li) { li.remove(); } });

  signedIn();
})();
