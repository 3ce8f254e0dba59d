/*
 * Apoia: live character counters of free-text fields. includes/field.html renders, under each
 * field with a limit, <p data-counter-for="id_x"><span class="apoia-counter-value">0</span> /
 * 10.000 caracteres</p>; this keeps the number in step with what is typed. The browser's own
 * maxlength stops the typing at the limit; the server enforces it again on every surface.
 */
(function () {
  "use strict";

  var FULL = "text-danger";

  function counterOf(field) {
    if (!field.id) {
      return null;
    }
    return document.querySelector('[data-counter-for="' + field.id + '"]');
  }

  function update(field, counter) {
    var length = field.value.length;
    var limit = parseInt(field.getAttribute("maxlength"), 10);
    var value = counter.querySelector(".apoia-counter-value");
    if (value) {
      value.textContent = length.toLocaleString(document.documentElement.lang || undefined);
    }
    counter.classList.toggle(FULL, !isNaN(limit) && length >= limit);
  }

  function start(root) {
    var counters = root.querySelectorAll ? root.querySelectorAll("[data-counter-for]") : [];
    Array.prototype.forEach.call(counters, function (counter) {
      var field = document.getElementById(counter.getAttribute("data-counter-for"));
      if (!field) {
        return;
      }
      // Screen readers read the counter with the field, not at every keystroke.
      var described = (field.getAttribute("aria-describedby") || "").split(" ");
      if (described.indexOf(counter.id) === -1) {
        described.push(counter.id);
        field.setAttribute("aria-describedby", described.join(" ").trim());
      }
      update(field, counter);
    });
  }

  document.addEventListener("input", function (event) {
    var counter = counterOf(event.target);
    if (counter) {
      update(event.target, counter);
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    start(document);
  });

  // Forms swapped in by htmx get their counters too.
  document.addEventListener("htmx:load", function (event) {
    start(event.target);
  });
})();
