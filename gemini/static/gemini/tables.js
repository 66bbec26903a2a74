// Wide tables scroll inside themselves (issue 19): every table in the page's main content is
// put in a box that scrolls sideways (gemini.scss, .gemini-table-scroll), so on a phone the
// table moves and the page does not. While a box actually scrolls, it is a named region that
// the keyboard can reach (tabindex="0", role="region", labelled by the table's caption or the
// heading above it), so people who do not use a mouse can scroll it with the arrow keys; while
// the table fits, the box is plain and adds no tab stop. Without JavaScript, gemini.scss lets
// the table itself scroll.

let counter = 0;

function nameOf(table) {
  const caption = table.querySelector("caption");
  if (caption && caption.textContent.trim()) {
    if (!caption.id) caption.id = `gemini-table-caption-${++counter}`;
    return { labelledBy: caption.id };
  }
  for (let before = table.parentElement.previousElementSibling; before; before = before.previousElementSibling) {
    if (/^H[1-6]$/.test(before.tagName) && before.textContent.trim()) {
      return { label: before.textContent.trim().replace(/\s+/g, " ") };
    }
  }
  return { label: "Table" };
}

function mark(box) {
  const scrolls = box.scrollWidth > box.clientWidth;
  if (scrolls && !box.hasAttribute("role")) {
    const name = nameOf(box.querySelector("table"));
    box.setAttribute("role", "region");
    if (name.labelledBy) box.setAttribute("aria-labelledby", name.labelledBy);
    else box.setAttribute("aria-label", name.label);
    box.tabIndex = 0;
  } else if (!scrolls && box.hasAttribute("role")) {
    for (const attribute of ["role", "aria-labelledby", "aria-label", "tabindex"]) {
      box.removeAttribute(attribute);
    }
  }
}

export function scrollTables(root = document) {
  const boxes = [];
  for (const table of root.querySelectorAll("main table")) {
    if (table.parentElement.classList.contains("gemini-table-scroll")) continue;
    const box = document.createElement("div");
    box.className = "gemini-table-scroll";
    table.before(box);
    box.append(table);
    boxes.push(box);
  }
  boxes.forEach(mark);
  const observer = new ResizeObserver((entries) => entries.forEach((entry) => mark(entry.target)));
  boxes.forEach((box) => observer.observe(box));
}
