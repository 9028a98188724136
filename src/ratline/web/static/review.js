// Keyboard review: j/k move between statements, a accepts, e edits, r rejects.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const cards = [...document.querySelectorAll("#queue .card")];
  if (!cards.length) return;
  let current = 0;
  const select = (i) => {
    cards[current].classList.remove("current");
    current = Math.max(0, Math.min(cards.length - 1, i));
    cards[current].classList.add("current");
    cards[current].scrollIntoView({ block: "nearest" });
  };
  const submit = (cls) => {
    const form = cards[current].querySelector("form." + cls);
    if (form) form.requestSubmit();
  };
  for (const [i, card] of cards.entries()) card.addEventListener("click", () => select(i));
  document.addEventListener("keydown", (ev) => {
    const t = ev.target;
    if (t instanceof HTMLInputElement || t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement) {
      if (ev.key === "Escape") t.blur();
      return;
    }
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key === "j") select(current + 1);
    else if (ev.key === "k") select(current - 1);
    else if (ev.key === "a") submit("act-accept");
    else if (ev.key === "r") submit("act-reject");
    else if (ev.key === "e") {
      const input = cards[current].querySelector("form.act-edit input[name=value]");
      if (input) { ev.preventDefault(); input.focus(); input.select(); }
    }
  });
});
