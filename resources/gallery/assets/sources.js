// The source panel's toggle: folds the panel beside a page's demo and remembers the choice for every page.
// A classic script right after the panel (source-panel.html), so that a folded panel is folded before the
// page is first drawn. The state is the panel's `folded` class and the toggle's aria-expanded, which the
// panel keeps through a morph of the whole page (data-preserve-attr).
(() => {
  const storageKey = 'starling-gallery.sources-folded';

  const show = (folded) => {
    const panel = document.getElementById('sources');
    const toggle = document.getElementById('sources-toggle');
    if (!panel || !toggle) return;
    panel.classList.toggle('folded', folded);
    toggle.setAttribute('aria-expanded', String(!folded));
  };

  const storedFolded = () => {
    try {
      return localStorage.getItem(storageKey) === 'true';
    } catch {
      return false; // storage refused (e.g. a sandboxed page): the panel starts open
    }
  };

  show(storedFolded());
  document.addEventListener('click', (event) => {
    if (!event.target.closest || !event.target.closest('#sources-toggle')) return;
    const folded = !document.getElementById('sources').classList.contains('folded');
    show(folded);
    try {
      localStorage.setItem(storageKey, String(folded));
    } catch {
      // not remembered, still folded
    }
  });
})();
