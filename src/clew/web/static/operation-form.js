// The field form: only the chosen kind's fields are shown and sent (without JavaScript every
// kind's fields show; the server reads only those of the chosen kind).
(() => {
  const form = document.getElementById("report-form");
  const kind = document.getElementById("r-kind");
  if (!form || !kind) return;
  function show() {
    for (const set of form.querySelectorAll("fieldset.kind-fields")) {
      const chosen = set.dataset.kind === kind.value;
      set.hidden = !chosen;
      set.disabled = !chosen;
    }
  }
  kind.addEventListener("change", show);
  show();
})();
