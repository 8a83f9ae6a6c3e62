// The small enhancement bundle. Every page works without it; with it, a form's error summary takes focus so
// screen-reader and keyboard users land on what needs fixing.
const summary = document.querySelector('.error-summary[role="alert"]');
if (summary instanceof HTMLElement) summary.focus();
