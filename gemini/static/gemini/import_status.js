// The import status page (gemini/core/import_views.py): asks for the import's state every second
// or so and shows how far it has got; once the import is over, reloads the page for its result
// (and when it goes quiet or is heard from again: the page then warns, or stops warning).
// Without this script the page reloads itself (a meta refresh inside <noscript>).
const box = document.querySelector("[data-import-progress]");

if (box) {
  const url = box.dataset.importProgress;
  const every = Math.max(0.5, Number(box.dataset.pollSeconds) || 1.5) * 1000;
  const message = box.querySelector("[data-import-message]");
  const bar = box.querySelector("[data-import-bar]");
  const detail = box.querySelector("[data-import-detail]");

  const show = (state) => {
    if (message.textContent !== state.message) message.textContent = state.message;
    detail.textContent = state.detail;
    if (state.percent === null) {
      bar.removeAttribute("value"); // an indeterminate bar: working, amount unknown
      bar.textContent = "";
    } else {
      bar.value = state.percent;
      bar.textContent = `${state.percent}%`;
    }
  };

  const look = async () => {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" });
      if (response.ok) {
        const state = await response.json();
        // Over, or gone quiet (or heard from again): the page itself says what it means.
        if (state.over || String(state.quiet) !== box.dataset.quiet) {
          window.location.reload();
          return;
        }
        show(state);
      }
    } catch {
      // A dropped connection: try again at the next look.
    }
    window.setTimeout(look, every);
  };

  window.setTimeout(look, every);
}
