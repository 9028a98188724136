// Marks the current section in the navigation; pages work without it.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const path = window.location.pathname;
  for (const a of document.querySelectorAll("header nav a")) {
    const href = a.getAttribute("href");
    if (href === path || (href !== "/" && path.startsWith(href + "/"))) a.classList.add("here");
  }
});
