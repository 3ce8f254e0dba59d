/*
 * Apoia: behaviour of the forms rendered by includes/field.html, on load and on content swapped
 * in by htmx. Everything here is an enhancement: without it the forms submit the same data.
 *
 * - The gov.br DS upload component over the native file input. The DS's own script keeps its
 *   files apart from the input (it is made for uploads by XHR), so a form posted normally would
 *   send nothing it lists; here the input stays the single source of what is sent, and the list,
 *   the removals and the drops all read or rewrite input.files.
 * - "Quero me manter anônimo" hides and empties the identity fields named on the checkbox
 *   (data-anonymous-hides); the server drops them too.
 */
(function () {
  "use strict";

  var lang = document.documentElement.lang || undefined;

  // --- upload -------------------------------------------------------------------------------

  function canRewriteFiles() {
    try {
      return typeof DataTransfer === "function" && !!new DataTransfer().items;
    } catch (error) {
      return false;
    }
  }

  function size(bytes) {
    var units = ["B", "KB", "MB", "GB"];
    var value = bytes;
    var unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit += 1;
    }
    var digits = unit === 0 || value >= 10 ? 0 : 1;
    return value.toLocaleString(lang, { maximumFractionDigits: digits }) + " " + units[unit];
  }

  function sameFile(a, b) {
    return a.name === b.name && a.size === b.size && a.lastModified === b.lastModified;
  }

  function setFiles(input, files) {
    var transfer = new DataTransfer();
    files.forEach(function (file) {
      transfer.items.add(file);
    });
    input.files = transfer.files;
  }

  function renderList(upload, input, list) {
    list.textContent = "";
    Array.prototype.forEach.call(input.files, function (file, index) {
      var item = document.createElement("div");
      item.className = "br-item d-flex";
      var name = document.createElement("div");
      name.className = "content text-primary-default mr-auto";
      name.textContent = file.name;
      name.title = file.name;
      var support = document.createElement("div");
      support.className = "support";
      var bytes = document.createElement("span");
      bytes.className = "mr-1";
      bytes.textContent = size(file.size);
      support.appendChild(bytes);
      if (upload.apoiaRewrite) {
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "br-button circle small";
        remove.setAttribute("aria-label", upload.dataset.remove + " " + file.name);
        remove.innerHTML = '<i class="fas fa-trash" aria-hidden="true"></i>';
        remove.addEventListener("click", function () {
          var kept = Array.prototype.filter.call(input.files, function (_file, i) {
            return i !== index;
          });
          setFiles(input, kept);
          upload.apoiaKept = kept;
          renderList(upload, input, list);
          input.focus();
        });
        support.appendChild(remove);
      }
      item.appendChild(name);
      item.appendChild(support);
      list.appendChild(item);
    });
  }

  // A second choice adds to the first (people pick files from several folders); a single-file
  // input simply takes the new one.
  function addFiles(upload, input, chosen) {
    var files = Array.prototype.slice.call(chosen);
    if (input.multiple && upload.apoiaRewrite) {
      var kept = (upload.apoiaKept || []).slice();
      files.forEach(function (file) {
        if (!kept.some(function (old) { return sameFile(old, file); })) {
          kept.push(file);
        }
      });
      files = kept;
    } else if (!input.multiple) {
      files = files.slice(0, 1);
    }
    if (upload.apoiaRewrite) {
      setFiles(input, files);
    }
    upload.apoiaKept = Array.prototype.slice.call(input.files);
  }

  function startUpload(upload) {
    var input = upload.querySelector('input[type="file"]');
    var list = upload.querySelector(".upload-list");
    if (!input || !list || upload.dataset.apoiaUploadStarted) {
      return;
    }
    upload.dataset.apoiaUploadStarted = "1";
    upload.apoiaRewrite = canRewriteFiles();
    upload.apoiaKept = Array.prototype.slice.call(input.files);
    input.classList.add("upload-input");

    // A click target only: the input itself keeps the focus, the label and the announcements.
    var button = document.createElement("button");
    button.type = "button";
    button.className = "upload-button";
    button.tabIndex = -1;
    button.setAttribute("aria-hidden", "true");
    button.innerHTML = '<i class="fas fa-upload" aria-hidden="true"></i>';
    var text = document.createElement("span");
    text.textContent = upload.dataset.choose;
    button.appendChild(text);
    if (upload.apoiaRewrite && upload.dataset.drop) {
      var hint = document.createElement("span");
      hint.className = "upload-hint";
      hint.textContent = " " + upload.dataset.drop;
      button.appendChild(hint);
    }
    input.after(button);
    list.setAttribute("aria-live", "polite");
    upload.classList.add("br-upload");

    button.addEventListener("click", function () {
      input.click();
    });
    input.addEventListener("change", function () {
      addFiles(upload, input, input.files);
      renderList(upload, input, list);
    });
    if (upload.apoiaRewrite) {
      ["dragenter", "dragover"].forEach(function (type) {
        button.addEventListener(type, function (event) {
          event.preventDefault();
          upload.classList.add("dragging");
        });
      });
      ["dragleave", "drop"].forEach(function (type) {
        button.addEventListener(type, function (event) {
          event.preventDefault();
          upload.classList.remove("dragging");
        });
      });
      button.addEventListener("drop", function (event) {
        if (event.dataTransfer && event.dataTransfer.files.length) {
          addFiles(upload, input, event.dataTransfer.files);
          renderList(upload, input, list);
        }
      });
    }
    renderList(upload, input, list);
  }

  // --- anonymity ----------------------------------------------------------------------------

  function identityFields(checkbox) {
    return (checkbox.getAttribute("data-anonymous-hides") || "")
      .split(" ")
      .map(function (id) {
        return id && document.getElementById(id);
      })
      .filter(Boolean);
  }

  function applyAnonymity(checkbox) {
    identityFields(checkbox).forEach(function (field) {
      var wrapper = field.closest(".apoia-field") || field;
      if (checkbox.checked) {
        field.value = "";
        field.dispatchEvent(new Event("input", { bubbles: true }));
      }
      field.disabled = checkbox.checked;
      wrapper.hidden = checkbox.checked;
    });
  }

  function startAnonymity(checkbox) {
    if (checkbox.dataset.apoiaAnonymityStarted) {
      return;
    }
    checkbox.dataset.apoiaAnonymityStarted = "1";
    checkbox.addEventListener("change", function () {
      applyAnonymity(checkbox);
    });
    applyAnonymity(checkbox);
  }

  // --- start --------------------------------------------------------------------------------

  function all(root, selector) {
    var found = root.querySelectorAll ? Array.prototype.slice.call(root.querySelectorAll(selector)) : [];
    if (root.matches && root.matches(selector)) {
      found.unshift(root);
    }
    return found;
  }

  function start(root) {
    all(root, "[data-apoia-upload]").forEach(startUpload);
    all(root, "input[data-anonymous-hides]").forEach(startAnonymity);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      start(document);
    });
  } else {
    start(document);
  }

  document.addEventListener("htmx:load", function (event) {
    start(event.target);
  });
})();
