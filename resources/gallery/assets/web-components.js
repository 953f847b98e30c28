// The web components example's scripts: encapsulated, with props down (arguments, attributes) and events up.

// A plain function: data in as an argument, a result out.
function myfunction(data) {
  return `You entered: ${data}`;
}

// An asynchronous function cannot return its result to a Datastar expression (nothing awaits it): it answers
// with a custom event on the element it was given.
async function myAsyncFunction(element, data) {
  const value = await new Promise((resolve) => {
    setTimeout(() => resolve(`You entered: ${data}`), 500);
  });
  element.dispatchEvent(new CustomEvent('mycustomevent', { detail: { value } }));
}

// Input through the `src` attribute, output as an event.
class MyComponent extends HTMLElement {
  static get observedAttributes() {
    return ['src'];
  }

  attributeChangedCallback(_name, _oldValue, newValue) {
    const value = `You entered: ${newValue}`;
    this.dispatchEvent(new CustomEvent('mycustomevent', { detail: { value } }));
  }
}
customElements.define('my-component', MyComponent);

// A five-star rating with a `value`, usable with data-bind: setting `value` redraws it, a click changes it and
// dispatches `change` (which data-bind listens to).
class StarRating extends HTMLElement {
  constructor() {
    super();
    this._value = 0;
  }

  connectedCallback() {
    if (this.childElementCount) return;
    this.classList.add('stars');
    for (let i = 1; i <= 5; i++) {
      const star = document.createElement('button');
      star.type = 'button';
      star.textContent = '★';
      star.dataset.star = String(i);
      star.setAttribute('aria-label', `${i} star${i > 1 ? 's' : ''}`);
      star.addEventListener('click', () => {
        this.value = i;
        this.dispatchEvent(new Event('change', { bubbles: true }));
      });
      this.append(star);
    }
    this.render();
  }

  get value() {
    return String(this._value);
  }

  set value(v) {
    this._value = Math.max(0, Math.min(5, Number(v) || 0));
    this.render();
  }

  render() {
    for (const star of this.querySelectorAll('button')) star.classList.toggle('on', Number(star.dataset.star) <= this._value);
  }
}
customElements.define('star-rating', StarRating);
