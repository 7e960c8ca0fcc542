// The pager (ui/components/pager/__init__.py says why): each press of one of data.keys, and each click on a button
// that data.buttons names, is a step; with every press the browser sends all the steps the server has not taken
// yet, numbered from `from`. data.seen tells how many of this tab's steps the server has taken.
const tab = Math.random().toString(36).slice(2);
let taken = 0; // this tab's steps the server has taken
let waiting = []; // the steps after those, in order
let latest = null; // the mounted pager: its latest data and setStateValue
let listening = false;

// A field that takes the keys itself (as Streamlit's own shortcuts leave them alone).
function typing(target) {
  if (!(target instanceof HTMLElement)) return false;
  const text = target.tagName === 'INPUT'
    && !['checkbox', 'radio', 'range', 'button', 'file', 'reset', 'submit', 'color'].includes(target.type);
  return target.isContentEditable || ((text || ['TEXTAREA', 'SELECT'].includes(target.tagName)) && !target.readOnly);
}

// A field that Space sets (a box to tick, a choice, a select box that opens): with one of these focused, Space is the
// field's. Any other control (a button, the expander's header, a tab) gives Space and Shift+Space to the pager, which
// takes them before the control does: a presenter's click leaves Next focused, and the browser pressed a focused
// button on Shift+Space too (forward, not back). Enter still presses it.
const SET_BY_SPACE = 'input, select, textarea, [contenteditable], [role="checkbox"], [role="switch"], [role="radio"], '
  + '[role="combobox"]';

function ownKey(event) {
  const { target } = event;
  return typing(target) || (event.key === ' ' && target instanceof Element && !!target.closest(SET_BY_SPACE));
}

// The name data.keys gives the key: 'Shift+<key>' with Shift held when it names that, else the key (Shift+PageDown
// is PageDown; Shift+Space is not Space).
function keyName(event) {
  const shifted = `Shift+${event.key}`;
  return event.shiftKey && Object.hasOwn(latest.data.keys, shifted) ? shifted : event.key;
}

function press(step) {
  if (!latest || !latest.parentElement.isConnected) return false; // the page left: the keys are the browser's
  waiting.push(step);
  latest.setStateValue('sent', { tab, from: taken, steps: waiting.slice() });
  return true;
}

// Whether the key was a step (its default, a scroll or a control's press, is then prevented).
function take(event) {
  if (!latest || event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey || ownKey(event)) {
    return false;
  }
  const name = keyName(event);
  if (!Object.hasOwn(latest.data.keys, name) || !press(latest.data.keys[name])) return false;
  event.preventDefault();
  return true;
}

// Space, with Shift or without, in the capture phase: before the focused control sees it (a button presses itself,
// a tab selects itself and keeps the key).
function onSpace(event) {
  if (event.key === ' ' && take(event)) event.stopPropagation();
}

// The other keys after the page's own handlers, when none has used them (a tab list's arrows).
function onKey(event) {
  if (event.key !== ' ') take(event);
}

// In the capture phase, before Streamlit's own handler (which would send the button's trigger) sees the click.
function onClick(event) {
  if (!latest || !(event.target instanceof Element)) return;
  for (const [selector, step] of Object.entries(latest.data.buttons)) {
    const button = event.target.closest(selector);
    if (button && !button.disabled && press(step)) {
      event.stopPropagation();
      event.preventDefault();
      return;
    }
  }
}

export default function (component) {
  const { data, parentElement } = component;
  if (data.seen && data.seen[0] === tab && data.seen[1] > taken) {
    waiting = waiting.slice(data.seen[1] - taken);
    taken = data.seen[1];
  }
  latest = component;
  if (!listening) {
    document.addEventListener('keydown', onSpace, true);
    document.addEventListener('keydown', onKey);
    document.addEventListener('click', onClick, true);
    listening = true;
  }
  parentElement.dataset.pager = 'listening'; // for the tests: a press from now on is counted
  return () => { if (latest === component) latest = null; };
}
