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

  // A table box that scrolls sideways (.apoia-table-scroll, .br-table) is reachable by keyboard
  // and named only while it does scroll: a focus stop on a box that fits would be noise.
  // The name is the box's data-label, else the table's caption, else the heading before it.
  var SCROLL_BOXES = ".apoia-table-scroll, .br-table";

  function scrollLabel(box) {
    if (box.dataset.label) {
      return box.dataset.label;
    }
    var caption = box.querySelector("caption");
    if (caption && caption.textContent.trim()) {
      return caption.textContent.trim();
    }
    var section = box.closest("section, article, main");
    var heading = section && section.querySelector("h1, h2, h3, h4, h5, h6");
    return heading ? heading.textContent.trim() : "";
  }

  function markScrollBoxes(root) {
    if (!root.querySelectorAll) {
      return;
    }
    var boxes = Array.prototype.slice.call(root.querySelectorAll(SCROLL_BOXES));
    if (root.matches && root.matches(SCROLL_BOXES)) {
      boxes.unshift(root);
    }
    boxes.forEach(function (box) {
      // A box the template made focusable itself keeps what the template said.
      if (box.hasAttribute("tabindex") && !box.dataset.apoiaScroll) {
        return;
      }
      // A box inside another scrolling box is scrolled by the outer one.
      var scrolls = box.scrollWidth > box.clientWidth + 1 && !box.parentElement.closest(".apoia-table-scroll");
      if (scrolls && !box.dataset.apoiaScroll) {
        box.setAttribute("tabindex", "0");
        var label = box.getAttribute("aria-label") ? "" : scrollLabel(box);
        // "named": this script gave the name, so it takes it back when the box fits again.
        box.dataset.apoiaScroll = label ? "named" : "focusable";
        if (label || box.getAttribute("aria-label")) {
          box.setAttribute("role", "region");
        }
        if (label) {
          box.setAttribute("aria-label", label);
        }
      } else if (!scrolls && box.dataset.apoiaScroll) {
        if (box.dataset.apoiaScroll === "named") {
          box.removeAttribute("aria-label");
        }
        delete box.dataset.apoiaScroll;
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
      }
    });
    // Lets a test (or another script) know the boxes are up to date, without waiting blindly.
    document.dispatchEvent(new CustomEvent("apoia:scroll-boxes"));
  }

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(function () {
      markScrollBoxes(document);
    }, 150);
  });

  document.addEventListener("DOMContentLoaded", function () {
    start(document);
    syncExpanded();
    markScrollBoxes(document);
  });

  // htmx fires htmx:load on every element it swaps in.
  document.addEventListener("htmx:load", function (event) {
    start(event.target);
    markScrollBoxes(event.target);
  });
})();
