/**
 * LinkedIn `Connections.csv` (reference/formats.md section 6): a `Notes:` preamble before the header,
 * header `First Name,Last Name,URL,Email Address,Company,Position,Connected On` (older exports lack `URL`,
 * some put it last), dates `12 Mar 2024`. Connections are mutual, so the relation is `friend`.
 * Translated header names are guesses from fixture authors' claims (they say non-English accounts get
 * translated headers); English ones are verified.
 */
import { toIsoUtc } from '../../model/dates.js';
import type { Contact } from '../../model/types.js';
import type { CsvColumns, CsvTable } from '../csv.js';

export type ConnectionColumn = 'first' | 'last' | 'url' | 'email' | 'company' | 'position' | 'connectedOn';

export const CONNECTION_COLUMNS: CsvColumns<ConnectionColumn> = {
  first: ['First Name', 'Vorname', 'Prénom', 'Nombre', 'Nome'],
  last: ['Last Name', 'Nachname', 'Nom', 'Apellidos', 'Cognome', 'Sobrenome'],
  url: ['URL', 'Profile URL'],
  email: ['Email Address', 'E-Mail-Adresse', 'Adresse e-mail', 'Dirección de correo electrónico'],
  company: ['Company', 'Unternehmen', 'Entreprise', 'Empresa', 'Azienda'],
  position: ['Position', 'Poste', 'Cargo', 'Posizione'],
  connectedOn: ['Connected On', 'Verbunden am', 'Date de connexion', 'Conectado el', 'Collegato il'],
};

/** `https://www.linkedin.com/in/priyashah` → `priyashah` (the public profile slug). */
export function profileSlug(url: string | null): string | null {
  if (!url) return null;
  const m = /linkedin\.com\/in\/([^/?#]+)/i.exec(url);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return m[1]!;
  }
}

export function connectionsFromTable(table: CsvTable<ConnectionColumn>): Contact[] {
  const contacts: Contact[] = [];
  for (const row of table.rows) {
    const name = [row.get('first'), row.get('last')].filter((p): p is string => p !== null).join(' ');
    const url = row.get('url');
    if (name === '' && url === null) continue;
    contacts.push({
      platform: 'linkedin',
      // LinkedIn gives no member id; the profile slug is the username.
      id: null,
      username: profileSlug(url),
      displayName: name === '' ? null : name,
      profileUrl: url,
      bio: null,
      urls: [],
      location: null,
      relations: ['friend'],
      since: toIsoUtc(row.get('connectedOn')),
    });
  }
  return contacts;
}
