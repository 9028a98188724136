// Loads an incident's link evidence (why its reports are one incident, the nearest not
// linked) into its page when asked for, or at once when the address ends in #links (after
// a merge or split). Weighing the candidates is the costliest part of the page, so it is
// not done for every view. Without scripts the link opens the same section as a page.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const section = document.querySelector("section#links[data-src]");
  if (!section) return;
  const load = async () => {
    const link = section.querySelector("a.load-links");
    if (link) link.textContent = "Loading…";
    const response = await fetch(section.dataset.src, { credentials: "same-origin" });
    if (!response.ok) {
      if (link) link.textContent = "Could not load the links (" + response.status + "); open them as a page";
      return;
    }
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const loaded = page.querySelector("section#links");
    if (loaded) {
      section.replaceWith(loaded);
      if (window.location.hash === "#links") loaded.scrollIntoView();
    }
  };
  const link = section.querySelector("a.load-links");
  if (link) link.addEventListener("click", (event) => { event.preventDefault(); load(); });
  if (window.location.hash === "#links") load();
});
