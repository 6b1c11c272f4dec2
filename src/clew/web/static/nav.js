// The top bar stays one line on a laptop or desktop screen, in every language: the links that
// do not fit move into "More", least used first (data-drop, highest first, then from the end;
// the current page's link never). On a phone, or without JavaScript, the links wrap instead.
(() => {
  function setUp() {
    const header = document.querySelector("header.top");
    const nav = header && header.querySelector("nav");
    const more = header && header.querySelector(".nav-more");
    if (!nav || !more) return;
    const list = more.querySelector(".nav-more-list");
    const links = [...nav.querySelectorAll(":scope > a")];
    const order = links
      .filter((link) => link.getAttribute("aria-current") !== "page")
      .sort((a, b) => Number(b.dataset.drop || 0) - Number(a.dataset.drop || 0)
        || links.indexOf(b) - links.indexOf(a));
    const wide = window.matchMedia("(min-width: 701px)");  // a phone's links wrap (clew.css)
    let width = 0;

    function fit() {
      width = window.innerWidth;
      for (const link of links) nav.appendChild(link);
      more.hidden = true;
      more.open = false;
      header.classList.toggle("fitted", wide.matches);
      if (!wide.matches) return;
      for (const link of order) {
        if (nav.scrollWidth <= nav.clientWidth) break;
        more.hidden = false;
        list.insertBefore(link, [...list.children].find(
          (other) => links.indexOf(other) > links.indexOf(link)) || null);
      }
    }

    let pending = false;
    window.addEventListener("resize", () => {
      if (pending || window.innerWidth === width) return;  // a height change fits as it was
      pending = true;
      requestAnimationFrame(() => { pending = false; fit(); });
    });
    document.addEventListener("click", (event) => {
      if (more.open && !more.contains(event.target)) more.open = false;
    });
    fit();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
