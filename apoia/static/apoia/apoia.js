/*
 * Apoia: starts the gov.br Design System components used by the pages (core.min.js exposes their
 * classes as window.core but starts none of them), on load and on content swapped in by htmx,
 * and fills a few keyboard gaps of the DS header and menu.
 */
(function () {
  "use strict";

  // [selector, class name in window.core]. Pagination and select are left out on purpose:
  // their DS scripts rebuild the markup client-side, ours is rendered by the server.
  var COMPONENTS = [
    [".br-header", "BRHeader"],
    [".br-menu", "BRMenu"],
    [".br-breadcrumb", "BRBreadcrumb"],
    [".br-message", "BRAlert"],
    [".br-input", "BRInput"],
    [".br-tab", "BRTab"],
    [".br-accordion", "BRAccordion"],
  ];

  function start(root) {
    var ds = window.core;
    if (!ds || !root.querySelectorAll) {
      return;
    }
    COMPONENTS.forEach(function (entry) {
      var selector = entry[0];
      var Component = ds[entry[1]];
      if (!Component) {
        return;
      }
      var elements = Array.prototype.slice.call(root.querySelectorAll(selector));
      if (root.matches && root.matches(selector)) {
        elements.unshift(root);
      }
      elements.forEach(function (element) {
        if (element.dataset.apoiaStarted) {
          return;
        }
        element.dataset.apoiaStarted = "1";
        try {
          new Component(selector.slice(1), element);
        } catch (error) {
          // One broken component must not leave the rest of the page without behaviour.
          window.console && console.error("Apoia: " + entry[1], error);
        }
      });
    });
  }

  function closeHeaderDropdowns(except) {
    document.querySelectorAll(".br-header .dropdown.show").forEach(function (dropdown) {
      if (dropdown === except) {
        return;
      }
      dropdown.classList.remove("show");
      var trigger = dropdown.querySelector('[data-toggle="dropdown"]');
      if (trigger) {
        trigger.classList.remove("active");
        trigger.setAttribute("aria-expanded", "false");
      }
    });
  }

  function syncExpanded() {
    document.querySelectorAll('.br-header .dropdown [data-toggle="dropdown"]').forEach(function (trigger) {
      var open = trigger.closest(".dropdown").classList.contains("show");
      trigger.setAttribute("aria-expanded", open ? "true" : "false");
    });
    var menu = document.getElementById("main-navigation");
    var menuTrigger = document.getElementById("main-navigation-trigger");
    if (menu && menuTrigger) {
      menuTrigger.setAttribute("aria-expanded", menu.classList.contains("active") ? "true" : "false");
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var open = document.querySelector(".br-header .dropdown.show");
    if (open) {
      var trigger = open.querySelector('[data-toggle="dropdown"]');
      closeHeaderDropdowns(null);
      if (trigger) {
        trigger.focus();
      }
    }
    // The DS menu closes itself on Escape but leaves the focus inside the hidden panel.
    var menu = document.getElementById("main-navigation");
    if (menu && menu.contains(event.target)) {
      window.setTimeout(function () {
        if (!menu.classList.contains("active")) {
          var menuTrigger = document.getElementById("main-navigation-trigger");
          if (menuTrigger) {
            menuTrigger.focus();
          }
        }
      }, 0);
    }
  });

  document.addEventListener("click", function (event) {
    // The DS header only closes its dropdowns from its own buttons: close them on outside clicks.
    var inside = event.target.closest ? event.target.closest(".br-header .dropdown") : null;
    closeHeaderDropdowns(inside);
  });

  // The DS scripts toggle classes only; keep aria-expanded in step (capture phase, because the
  // header's buttons stop the click from bubbling).
  ["click", "keydown"].forEach(function (type) {
    document.addEventListener(
      type,
      function () {
        window.setTimeout(syncExpanded, 0);
      },
      true
    );
  });

  document.addEventListener("click", function (event) {
    var dismiss = event.target.closest ? event.target.closest('#main-navigation [data-dismiss="menu"]') : null;
    if (dismiss) {
      var menuTrigger = document.getElementById("main-navigation-trigger");
      if (menuTrigger) {
        menuTrigger.focus();
      }
    }
  });

  // <form data-confirm="Texto da pergunta">: asks before submitting (no inline handlers).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    start(document);
    syncExpanded();
  });

  // htmx fires htmx:load on every element it swaps in.
  document.addEventListener("htmx:load", function (event) {
    start(event.target);
  });
})();
