/* The theme's navigation drawer (phones, tablets and zoomed-in screens) for a keyboard and a
 * screen reader. mkdocs-material's menu button is a <label> for a hidden checkbox, out of the
 * tab order; the closed drawer is left unrendered (mskcpd.css), so its links no longer take
 * focus off the screen's edge. Here the label gives way to a real button (the disclosure
 * pattern: Enter or Space opens the drawer and moves focus into it; Escape closes it and gives
 * focus back; focus moving out of it closes it), and the drawer's panels become a drill-down
 * menu: the theme slides a section's panel over the list it came from, whose links stayed in
 * the tab order, hidden under it. Those are made inert, and the open panel gets a "Back to"
 * button over its title, the theme's way back up. Without JavaScript the theme's label stays. */
var LABEL = 'label.md-header__button[for="__drawer"]';
var DRAWER_ID = "mskcpd-navigation";
var DRAWER_WIDTHS = "(max-width: 76.2344em)"; // the theme's: where its sidebar is a drawer
var COVERED = "data-mskcpd-covered"; // made inert here, so given back here

export function setUp() {
  var label = document.querySelector(LABEL), toggle = document.getElementById("__drawer"),
    drawer = document.querySelector(".md-sidebar--primary");
  if (!label || !toggle || !drawer) return;
  if (!drawer.id) drawer.id = DRAWER_ID;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "md-header__button md-icon mskcpd-menu";
  button.setAttribute("aria-label", "Navigation");
  button.setAttribute("aria-controls", drawer.id);
  button.innerHTML = label.innerHTML; // the theme's menu icon
  label.replaceWith(button);
  var widths = window.matchMedia(DRAWER_WIDTHS);
  // the page the learner is on: in the drawer, a label that opens its contents, left out of the tab order
  var here = drawer.querySelector('label.md-nav__link[for="__toc"]');
  if (here) here.setAttribute("tabindex", "0");

  function showState() { button.setAttribute("aria-expanded", String(toggle.checked)); }
  // the theme opens and closes the drawer by clicking the checkbox too, so "change" sees every change
  function setOpen(open) { if (toggle.checked !== open) toggle.click(); }
  function coverUp() { cover(drawer, toggle.checked && widths.matches); }
  toggle.addEventListener("change", function () { showState(); coverUp(); });
  widths.addEventListener("change", coverUp);
  showState();

  button.addEventListener("click", function () {
    if (toggle.checked) { setOpen(false); return; }
    setOpen(true);
    focusInto(shownPanel(drawer));
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !toggle.checked) return;
    var active = document.activeElement;
    if (active === button || drawer.contains(active)) button.focus();
    setOpen(false);
  });
  document.addEventListener("focusin", function (event) {
    if (toggle.checked && event.target !== button && !drawer.contains(event.target)) setOpen(false);
  });

  // a section opened or closed in the drawer: what it covers or uncovers, and focus to where the learner now is
  drawer.addEventListener("change", function (event) {
    var section = event.target;
    if (!section.matches || !section.matches(".md-nav__toggle") || !toggle.checked || !widths.matches) return;
    var entry = drawer.querySelector('label.md-nav__link[for="' + section.id + '"]');
    var panel = section.parentElement.querySelector(":scope > nav.md-nav");
    coverUp();
    if (section.checked && panel) focusInto(panel);
    else if (entry) entry.focus();
  });
  // the theme clicks a focused label on Enter; Space too, as for any button
  drawer.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key !== " " || target.tagName !== "LABEL" || !target.hasAttribute("tabindex")) return;
    event.preventDefault();
    target.click();
  });
}

/* The panel on show in the drawer: the innermost section whose panel is open, or the drawer's own list. */
function shownPanel(drawer) {
  var open = drawer.querySelectorAll(".md-nav__toggle:checked ~ nav.md-nav");
  for (var i = open.length - 1; i >= 0; i--) {
    if (!open[i].querySelector(".md-nav__toggle:checked ~ nav.md-nav")) return open[i];
  }
  return drawer.querySelector("nav.md-nav--primary");
}

function focusInto(panel) {
  var first = panel && panel.querySelector(":scope > .md-nav__list a[href], :scope > .md-nav__list [tabindex='0']");
  if (first) first.focus();
}

/* Make inert what the shown panel covers (all of the drawer outside it, and its closed sections' panels) and
 * give it a button back up (`covering`), or give everything back (the drawer closed, or a screen wide enough
 * for a sidebar). */
function cover(drawer, covering) {
  drawer.querySelectorAll("[" + COVERED + "]").forEach(function (el) { el.inert = false; el.removeAttribute(COVERED); });
  drawer.querySelectorAll(".mskcpd-back").forEach(function (back) { back.remove(); });
  if (!covering) return;
  function makeInert(el) { if (!el.inert) { el.inert = true; el.setAttribute(COVERED, ""); } }
  var panel = shownPanel(drawer), top = drawer.querySelector("nav.md-nav--primary");
  if (!panel) return;
  // the closed sections' panels wait off the drawer's edge, transparent, but their links could take focus
  panel.querySelectorAll(".md-nav__toggle:not(:checked) ~ nav.md-nav").forEach(makeInert);
  for (var node = panel; node && node !== top; node = node.parentElement) {
    Array.prototype.forEach.call(node.parentElement.children, function (sibling) { if (sibling !== node) makeInert(sibling); });
  }
  var title = panel === top ? null : panel.querySelector(":scope > label.md-nav__title");
  var section = title && document.getElementById(title.htmlFor);
  if (!section) return;
  var parent = panel.parentElement.closest("nav.md-nav");
  var parentTitle = parent && parent !== top && parent.querySelector(":scope > label.md-nav__title");
  var back = document.createElement("button");
  back.type = "button";
  back.className = "mskcpd-back";
  back.setAttribute("aria-label", "Back to " + (parentTitle ? parentTitle.textContent.trim().replace(/\s+/g, " ") : "the main menu"));
  back.addEventListener("click", function () { section.click(); });
  title.before(back); // over the title (mskcpd.css), which a pointer uses as before
}
