/**
 * How a person asks Meta for a JSON export, and the refusal of HTML exports: Meta lets the user pick
 * HTML or JSON, the HTML pages are localized and styled with generated CSS class names that change
 * between generations (reference/formats.md section 2.3), so we read JSON only and say how to get it.
 */
import { InputError } from '../../errors.js';

export type MetaPlatformName = 'Facebook' | 'Instagram';

/** The menu path in Meta's Accounts Center, as of 2024-2026. */
export function howToRequestJson(platform: MetaPlatformName): string {
  const what = platform === 'Facebook'
    ? 'Connections (Friends and followers) and Your Facebook activity (Posts)'
    : 'Connections (Followers and following), Your Instagram activity (Content/Media and Threads) and Personal information';
  return `Request a new export in JSON: ${platform} → Settings → Accounts Center → Your information and permissions → `
    + `Download your information → Download or transfer information → your ${platform} account → `
    + `"All available information" (or at least ${what}) → Download to device → `
    + 'Date range "All time", Format "JSON" → Create files; then run leave-platform on the new zip file(s).';
}

export function htmlExportError(platform: MetaPlatformName, example: string | null): InputError {
  const seen = example ? ` (for example ${example})` : '';
  return new InputError(
    `This ${platform} export is in HTML format${seen}; leave-platform reads only the JSON format.`,
    { file: example, hint: howToRequestJson(platform) },
  );
}
