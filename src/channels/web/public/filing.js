// The filing form's print button (the CSP allows no inline handlers).
document.getElementById('print')?.addEventListener('click', () => window.print());
