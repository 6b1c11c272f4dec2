// The check form, for the keyboard and the document reader. htmx posts the form and swaps the
// results; this file only adds what a border post needs on top:
// - Esc (or "New check") clears the form for the next traveller; the place stays.
// - Enter in the MRZ box checks once the zone is complete (2 × 44 or 3 × 30 characters), so a
//   reader that types the lines and a final Enter checks at once; Ctrl+Enter always checks.
// - The answer is scrolled into view as soon as it lands.
// - Results that no longer match the form are dimmed until the next answer, and a check that
//   fails (network, expired page) says so instead of leaving the last answer on screen.
(() => {
  const form = () => document.getElementById("check-form");
  const results = () => document.getElementById("check-results");
  const failed = () => document.getElementById("check-failed");

  function complete(text) {
    const lines = text.split(/\r?\n/).map((line) => line.replace(/\s+/g, "")).filter(Boolean);
    const sizes = lines.map((line) => line.length);
    return (sizes.length === 2 && sizes.every((n) => n === 44)) ||
      (sizes.length === 3 && sizes.every((n) => n === 30));
  }

  function clear(target) {
    for (const field of target.querySelectorAll("input[type=text], textarea, select")) {
      if (field.name === "place") continue;
      if (field.tagName === "SELECT") field.selectedIndex = 0;
      else field.value = "";
      field.removeAttribute("aria-invalid");
    }
    for (const message of target.querySelectorAll(".field-error, .error")) message.remove();
    results().replaceChildren();
    failed().hidden = true;
    document.getElementById("person-names").focus();
  }

  document.addEventListener("keydown", (event) => {
    const target = form();
    if (!target || !target.contains(event.target)) return;
    if (event.key === "Escape" && event.target.tagName !== "SELECT") {
      event.preventDefault();
      clear(target);
    } else if (event.key === "Enter" && event.target.name === "person.mrz" &&
               (event.ctrlKey || event.metaKey || complete(event.target.value))) {
      event.preventDefault();
      target.requestSubmit();
    }
  });

  document.addEventListener("click", (event) => {
    if (event.target.id !== "check-clear" || !form()) return;
    event.preventDefault();
    clear(form());
  });

  document.addEventListener("input", (event) => {
    if (form() && form().contains(event.target)) results().classList.add("stale");
  });

  document.addEventListener("htmx:beforeRequest", (event) => {
    if (event.detail.elt.id !== "check-form") return;
    failed().hidden = true;
    results().setAttribute("aria-busy", "true");
  });

  // The form itself comes back out of band; the answer is brought into view first thing (on a
  // laptop screen the form fills the window), the focus stays where the officer typed.
  document.addEventListener("htmx:afterSwap", (event) => {
    if (event.detail.target !== results()) return;
    results().removeAttribute("aria-busy");
    results().classList.remove("stale");
    if (results().children.length) results().scrollIntoView({ block: "start", behavior: "instant" });
  });

  const fail = (event) => {
    if (event.detail.elt.id !== "check-form") return;
    results().removeAttribute("aria-busy");
    results().replaceChildren();
    failed().hidden = false;
  };
  document.addEventListener("htmx:responseError", fail);
  document.addEventListener("htmx:sendError", fail);
})();
