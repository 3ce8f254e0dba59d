// Filter forms marked data-autosubmit reload as soon as a choice changes; the submit button
// stays for keyboard users and for browsers without JavaScript.
(function () {
  "use strict";
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    form.addEventListener("change", function (event) {
      if (event.target.name === "indicator" || event.target.name === "uf") {
        // Another indicator or state may not have the chosen period: let the server pick.
        var period = form.querySelector("[name=period]");
        if (period) { period.disabled = true; }
      }
      form.requestSubmit ? form.requestSubmit() : form.submit();
    });
  });
})();
