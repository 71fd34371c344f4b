// Pages that only show a refusal: app.js draws the message from data-error.
export default function render() {}
