// Jobsporet's small behaviours. No inline scripts anywhere, so a strict CSP holds.
(function () {
  "use strict";
  // A select with .js-autosubmit submits its form when changed (the programme switcher).
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.classList && target.classList.contains("js-autosubmit") && target.form) {
      target.form.submit();
    }
  });
  // A form with data-confirm asks before it is sent (destructive or final actions). A form
  // with a required field left empty is sent without asking: the page answers with the
  // field's error first, and the question comes when the form can be saved.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && form.checkValidity() && !window.confirm(question)) {
      event.preventDefault();
    }
  });
})();
