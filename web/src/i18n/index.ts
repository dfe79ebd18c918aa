// Translation and locale-aware formatting (Intl) for English and Chinese.
import { getState, type Lang } from '../store';
import { en, type Key } from './en';
import { zh } from './zh';
import type { City, Country, Indicator } from '../api';

const dicts = { en, zh };

export type { Key };

/** The translated string for key, with {placeholders} filled in. */
export function t(key: Key, params: Record<string, string | number> = {}): string {
  const s = dicts[getState().lang][key] ?? en[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (_, k: string) => (k in params ? String(params[k]) : `{${k}}`));
}

/** Translate a code with a prefix ("role.", "status." …) when a string exists, else show the code. */
export function tCode(prefix: string, code: string | null | undefined): string {
  if (!code) return '';
  const key = (prefix + code) as Key;
  return key in en ? t(key) : code;
}

export function locale(lang: Lang = getState().lang): string {
  return lang === 'zh' ? 'zh-CN' : 'en-GB';
}

/** The BCP 47 tag for the html lang attribute. */
export function htmlLang(lang: Lang = getState().lang): string {
  return lang === 'zh' ? 'zh' : 'en';
}

export function fmtNumber(n: number | null | undefined, digits?: number): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  const opts: Intl.NumberFormatOptions = digits === undefined ? { maximumFractionDigits: 2 } : { minimumFractionDigits: digits, maximumFractionDigits: digits };
  return new Intl.NumberFormat(locale(), opts).format(n);
}

/**
 * The printed symbol of a unit code ("ug/m3" → "µg/m³"), as the server
 * prints it in reports and summaries (UnitSymbol, src/core/indicator_unit.cc);
 * the API's JSON keeps the codes. Other codes print as they are.
 */
const UNIT_SYMBOLS: Record<string, string> = {
  'ug/m3': 'µg/m³', 'mg/m3': 'mg/m³', 'ug/L': 'µg/L', m2: 'm²', km2: 'km²',
  'm2/person': 'm²/person', 'm3/year': 'm³/year', '10k m3/year': '10k m³/year', 'persons/km2': 'persons/km²',
};
export function fmtUnit(code: string | null | undefined): string {
  if (!code) return '';
  return UNIT_SYMBOLS[code] ?? code;
}

/** A date "YYYY-MM-DD" (or a timestamp) formatted for the language. */
export function fmtDate(s: string | null | undefined): string {
  if (!s) return '–';
  const d = /^\d{4}-\d{2}-\d{2}$/.test(s) ? new Date(s + 'T00:00:00Z') : new Date(s);
  if (Number.isNaN(d.getTime())) return s;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

export function fmtDateTime(s: string | null | undefined): string {
  if (!s) return '–';
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) return s;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/** A period "2024" or "2024-03" formatted for the language. */
export function fmtPeriod(p: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(p);
  if (m) return new Intl.DateTimeFormat(locale(), { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(+m[1], +m[2] - 1, 1)));
  if (/^\d{4}$/.test(p)) return getState().lang === 'zh' ? `${p}年` : p;
  return p;
}

// Local names are in Chinese characters for these countries, so they serve as
// the Chinese name when the API gives no name_zh.
const HAN_COUNTRIES = new Set(['CN', 'TW', 'HK', 'MO', 'JP']);

function countryCode(c: City): string {
  return typeof c.country === 'string' ? c.country : c.country?.code ?? '';
}

/** The city's name in the current language. */
export function cityName(c: Pick<City, 'name_en' | 'name_local' | 'name_zh' | 'country'>): string {
  if (getState().lang === 'zh') {
    if (c.name_zh) return c.name_zh;
    if (HAN_COUNTRIES.has(countryCode(c as City)) && c.name_local) return c.name_local;
  }
  return c.name_en;
}

/** The city's name in the other script, when there is one (shown beside the main name). */
export function cityOtherName(c: Pick<City, 'name_en' | 'name_local' | 'name_zh' | 'country'>): { text: string; lang: string } | null {
  const main = cityName(c);
  if (main !== c.name_en) return { text: c.name_en, lang: 'en' };
  const zhName = c.name_zh || (HAN_COUNTRIES.has(countryCode(c as City)) ? c.name_local : '');
  if (zhName && zhName !== main) return { text: zhName, lang: countryCode(c as City) === 'JP' ? 'ja' : 'zh' };
  if (c.name_local && c.name_local !== main) return { text: c.name_local, lang: '' };
  return null;
}

export function countryName(c: Country | string | undefined): string {
  if (!c) return '';
  if (typeof c === 'string') return c;
  if (getState().lang === 'zh') return c.name_zh || (HAN_COUNTRIES.has(c.code) ? c.name_local || c.name_en : c.name_en);
  return c.name_en;
}

export function indicatorName(i: Pick<Indicator, 'name_en' | 'name_zh'>): string {
  return getState().lang === 'zh' ? i.name_zh || i.name_en : i.name_en;
}

export function enZh(o: { name_en?: string; name_zh?: string } | null | undefined): string {
  if (!o) return '';
  return getState().lang === 'zh' ? o.name_zh || o.name_en || '' : o.name_en || o.name_zh || '';
}
