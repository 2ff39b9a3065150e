// Progressive enhancement only: the page works fully without this script.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // A button that shows and hides a part of the header on small screens (the main
  // menu, the search form); on wide screens the part is always shown.
  function foldBehind(toggle, part, narrow, onOpen) {
    function sync() {
      if (narrow.matches) {
        toggle.hidden = false;
        var open = toggle.getAttribute("aria-expanded") === "true";
        part.setAttribute("data-collapsed", open ? "false" : "true");
      } else {
        toggle.hidden = true;
        part.removeAttribute("data-collapsed");
      }
    }
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", open ? "false" : "true");
      sync();
      if (!open && onOpen) {
        onOpen();
      }
    });
    part.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && narrow.matches && toggle.getAttribute("aria-expanded") === "true") {
        toggle.setAttribute("aria-expanded", "false");
        sync();
        toggle.focus();
      }
    });
    narrow.addEventListener("change", sync);
    sync();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var narrow = window.matchMedia("(max-width: 40rem)");

    var menuToggle = document.querySelector(".main-nav__toggle");
    var menu = document.getElementById("main-nav-list");
    if (menuToggle && menu) {
      foldBehind(menuToggle, menu, narrow);
    }

    var searchToggle = document.querySelector(".site-header__search-toggle");
    var search = document.getElementById("site-search");
    if (searchToggle && search) {
      foldBehind(searchToggle, search, narrow, function () {
        var field = search.querySelector("input[type=search]");
        if (field) {
          field.focus();
        }
      });
    }

    // A list's filters: open on wide screens, folded under their summary (which
    // counts the active ones) on small screens, so the results come first.
    var folds = document.querySelectorAll("details[data-fold-narrow]");
    var small = window.matchMedia("(max-width: 47.99rem)");
    function syncFolds() {
      for (var i = 0; i < folds.length; i++) {
        folds[i].open = !small.matches;
      }
    }
    if (folds.length) {
      small.addEventListener("change", syncFolds);
      syncFolds();
    }
  });
})();
