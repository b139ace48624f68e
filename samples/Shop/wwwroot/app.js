// Shared by every page: calls the API with the session cookie (and the CSRF token on unsafe requests), shows who is
// signed in, and formats prices. No framework and no build step: plain DOM and fetch.
var Shop = (function () {
  "use strict";

  var csrfToken = null;
  var me;

  // Unsafe requests authenticated by the cookie must carry the session's token; /auth/csrf hands it out.
  async function csrf() {
    if (csrfToken === null) {
      var response = await fetch("/auth/csrf", { credentials: "same-origin" });
      csrfToken = response.ok ? (await response.json()).token : "";
    }
    return csrfToken;
  }

  async function api(method, url, body) {
    var headers = { "Accept": "application/json" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
    }
    if (method !== "GET" && method !== "HEAD" && (await user())) {
      headers["X-CSRF-Token"] = await csrf();
    }
    var response = await fetch(url, {
      method: method,
      headers: headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    var text = await response.text();
    var data = null;
    if (text) {
      try { data = JSON.parse(text); } catch (e) { data = text; }
    }
    return { ok: response.ok, status: response.status, data: data };
  }

  // The signed-in user ({userName, roles}) or null; asked once per page.
  async function user() {
    if (me === undefined) {
      var response = await fetch("/auth/me", { credentials: "same-origin" });
      me = response.ok ? await response.json() : null;
    }
    return me;
  }

  function isAdmin(u) {
    return !!u && (u.roles || []).indexOf("admin") >= 0;
  }

  // A problem body's detail and field errors as one line.
  function problemText(result) {
    var data = result.data;
    if (data && typeof data === "object") {
      var parts = [];
      if (data.errors) {
        Object.keys(data.errors).forEach(function (k) { parts.push(k + ": " + data.errors[k].join(" ")); });
      }
      if (parts.length === 0 && (data.detail || data.title)) {
        parts.push(data.detail || data.title);
      }
      if (parts.length > 0) {
        return parts.join(" ");
      }
    }
    return "Request failed (" + result.status + ").";
  }

  function show(element, text, ok) {
    element.textContent = text;
    element.className = ok ? "message ok" : "message";
  }

  function money(value) {
    return Number(value).toFixed(2);
  }

  function el(tag, text, attributes) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) {
      node.textContent = text;
    }
    Object.keys(attributes || {}).forEach(function (k) { node.setAttribute(k, attributes[k]); });
    return node;
  }

  // The navigation bar: links, and who is signed in with a sign-out button.
  async function nav() {
    var bar = document.querySelector("nav");
    if (!bar) {
      return null;
    }
    var u = await user();
    bar.textContent = "";
    bar.appendChild(el("a", "Catalog", { href: "/" }));
    bar.appendChild(el("a", "Cart", { href: "/cart.html", id: "nav-cart" }));
    bar.appendChild(el("a", "Orders", { href: "/orders.html", id: "nav-orders" }));
    if (isAdmin(u)) {
      bar.appendChild(el("a", "Admin", { href: "/admin.html", id: "nav-admin" }));
    }
    bar.appendChild(el("span", null, { "class": "spacer" }));
    if (u) {
      bar.appendChild(el("span", u.userName, { id: "current-user" }));
      var out = el("button", "Sign out", { id: "sign-out", type: "button" });
      out.addEventListener("click", async function () {
        await api("POST", "/auth/logout");
        location.href = "/signin.html";
      });
      bar.appendChild(out);
    } else {
      bar.appendChild(el("a", "Sign in", { href: "/signin.html", id: "nav-signin" }));
      bar.appendChild(el("a", "Register", { href: "/register.html", id: "nav-register" }));
    }
    return u;
  }

  return { api: api, user: user, isAdmin: isAdmin, problemText: problemText, show: show, money: money, el: el, nav: nav };
})();
