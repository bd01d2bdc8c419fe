// The window's language: Spanish by default, switched at runtime without a restart. Strings
// of the interface come from es.json / en.json; messages from the backend are `Text` values
// and show the side of the current language.
import type { Language } from '../lib/bindings/Language';
import type { Text } from '../lib/bindings/Text';
import en from './en.json';
import es from './es.json';
import { translate, type Dict, type Params } from './translate';

const dicts: Record<Language, Dict> = { es, en };

export const i18n = $state<{ lang: Language }>({ lang: 'es' });

export function setLanguage(lang: Language): void {
  i18n.lang = lang;
  document.documentElement.lang = lang;
}

export function t(key: string, params?: Params): string {
  return translate(dicts[i18n.lang], key, params);
}

export function tx(text: Text | null | undefined): string {
  return text ? text[i18n.lang] : '';
}
