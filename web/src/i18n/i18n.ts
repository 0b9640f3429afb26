import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import { locales, type Locale } from "../../../common/domain";
import de from "../locales/de.json";
import en from "../locales/en.json";

const STORAGE_KEY = "caredesk.locale";
// The language the app last showed, so that the login page after a logout keeps speaking it.
const LAST_SHOWN_KEY = "caredesk.lastLocale";

export const languageNames: Record<Locale, string> = { en: "English", de: "Deutsch" };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

function read(key: string): Locale | null {
  try {
    const value = localStorage.getItem(key);
    return isLocale(value) ? value : null;
  } catch {
    return null;
  }
}

function write(key: string, locale: Locale): void {
  try {
    localStorage.setItem(key, locale);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

/** The language chosen in this browser with the switcher, if any. */
export function storedLocale(): Locale | null {
  return read(STORAGE_KEY);
}

/** Before login: the language chosen or last shown in this browser, else the browser's own. */
export function browserLocale(): Locale {
  return storedLocale() ?? read(LAST_SHOWN_KEY) ?? (navigator.language.toLowerCase().startsWith("de") ? "de" : "en");
}

export function applyLocale(locale: Locale): void {
  if (i18next.language !== locale) void i18next.changeLanguage(locale);
  document.documentElement.lang = locale;
  write(LAST_SHOWN_KEY, locale);
}

/** The switcher: remembered in this browser and wins over the agent's profile language. */
export function chooseLocale(locale: Locale): void {
  write(STORAGE_KEY, locale);
  applyLocale(locale);
}

export function initI18n(): typeof i18next {
  const locale = browserLocale();
  void i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, de: { translation: de } },
    lng: locale,
    fallbackLng: "en",
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
    showSupportNotice: false,
  });
  document.documentElement.lang = locale;
  return i18next;
}
