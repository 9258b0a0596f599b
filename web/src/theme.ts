// Light, dark, or the system's choice, remembered in localStorage.

const THEME_KEY = "gotrap.theme";
const THEMES = ["system", "light", "dark"] as const;
type Theme = (typeof THEMES)[number];

function apply(button: HTMLButtonElement, theme: Theme): void {
  if (theme === "system") delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
  button.textContent = `Theme: ${theme}`;
  button.dataset.theme = theme;
}

export function initTheme(button: HTMLButtonElement): void {
  let theme: Theme = "system";
  try {
    const saved = localStorage.getItem(THEME_KEY);
    if ((THEMES as readonly string[]).includes(saved ?? "")) theme = saved as Theme;
  } catch {
    // Storage disabled: the theme is not remembered.
  }
  apply(button, theme);
  button.addEventListener("click", () => {
    theme = THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length]!;
    apply(button, theme);
    try {
      localStorage.setItem(THEME_KEY, theme);
    } catch {
      // As above.
    }
  });
}
