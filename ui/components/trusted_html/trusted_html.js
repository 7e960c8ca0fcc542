// Markup the app built and escaped itself (ui/components/trusted_html/__init__.py says why), set as inner HTML;
// a rerun that sends the same markup leaves the block as it is.
export default function ({ data, parentElement }) {
  let box = parentElement.querySelector('.wijk-html');
  if (!box) {
    box = document.createElement('div');
    box.className = 'wijk-html';
    parentElement.appendChild(box);
  }
  if (box.wijkShown !== data.html) {
    box.innerHTML = data.html;
    box.wijkShown = data.html;
  }
}
