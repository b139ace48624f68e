// Shows the sample's live endpoints working: an EventSource on /events and a WebSocket echo on /ws.
(function () {
  "use strict";

  var list = document.getElementById("events");
  var sseStatus = document.getElementById("sse-status");
  var sseLast = document.getElementById("sse-last");
  var source = new EventSource("/events");
  source.onopen = function () { sseStatus.textContent = "open"; };
  source.onerror = function () { sseStatus.textContent = "reconnecting"; };
  source.onmessage = function (e) {
    var line = document.createElement("div");
    line.className = "event";
    line.textContent = "#" + e.lastEventId + " " + e.data;
    list.appendChild(line);
    list.scrollTop = list.scrollHeight;
    sseLast.textContent = e.lastEventId;
  };

  var wsStatus = document.getElementById("ws-status");
  var echo = document.getElementById("ws-echo");
  var scheme = location.protocol === "https:" ? "wss://" : "ws://";
  var socket = new WebSocket(scheme + location.host + "/ws");
  socket.onopen = function () { wsStatus.textContent = "open"; };
  socket.onclose = function () { wsStatus.textContent = "closed"; };
  socket.onmessage = function (e) { echo.textContent = e.data; };

  document.getElementById("ws-form").addEventListener("submit", function (e) {
    e.preventDefault();
    if (socket.readyState === WebSocket.OPEN) {
      socket.send(document.getElementById("ws-input").value);
    }
  });
})();
