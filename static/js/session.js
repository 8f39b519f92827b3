// Warns before the session ends (30 minutes idle, 10 hours at most) and offers to stay logged
// in. The server decides; this only counts down from what the page says (data-session-* on
// <body>), restarts the idle count on every htmx request, and asks the server when the user
// chooses to stay. No inline script: the strict Content-Security-Policy holds.
(function () {
  "use strict";
  var body = document.body;
  var warning = document.getElementById("session-warning");
  if (!body.dataset.sessionIdleLeft || !warning) {
    return;
  }
  var now = function () { return Date.now() / 1000; };
  var idle = Number(body.dataset.sessionIdle);
  var warnBefore = Number(body.dataset.sessionWarning);
  var idleDeadline = now() + Number(body.dataset.sessionIdleLeft);
  var maxDeadline = now() + Number(body.dataset.sessionMaxLeft);
  var stay = warning.querySelector("[data-session-stay]");

  function csrfToken() {
    try {
      return JSON.parse(body.getAttribute("hx-headers"))["X-CSRFToken"];
    } catch (error) {
      return "";
    }
  }

  function format(seconds) {
    var minutes = Math.floor(seconds / 60);
    var rest = Math.floor(seconds % 60);
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function tick() {
    var atMaximum = maxDeadline <= idleDeadline;
    var left = Math.min(idleDeadline, maxDeadline) - now();
    if (left <= 0) {
      // Time is up: end the session now (a reload would count as activity) and show the
      // login page, saying why.
      var expired = warning.querySelector("[data-session-expired]");
      expired.elements.reason.value = atMaximum ? "max" : "idle";
      window.clearInterval(timer);
      expired.submit();
      return;
    }
    if (left > warnBefore) {
      warning.hidden = true;
      return;
    }
    warning.querySelector("[data-session-idle-text]").hidden = atMaximum;
    warning.querySelector("[data-session-max-text]").hidden = !atMaximum;
    stay.hidden = atMaximum;
    warning.querySelectorAll("[data-session-countdown]").forEach(function (element) {
      element.textContent = format(left);
    });
    warning.hidden = false;
  }

  stay.addEventListener("click", function () {
    fetch(body.dataset.sessionRenew, {
      method: "POST",
      headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok || response.redirected) {
          throw new Error("the session has ended");
        }
        return response.json();
      })
      .then(function (timing) {
        idleDeadline = now() + timing.idle_left;
        maxDeadline = now() + timing.max_left;
        tick();
      })
      .catch(function () { window.location.assign(window.location.href); });
  });
  // Any htmx request is activity on the server too.
  body.addEventListener("htmx:afterRequest", function () { idleDeadline = now() + idle; });
  var timer = window.setInterval(tick, 1000);
  tick();
})();
