/**
 * The digest email as string work on templates compiled before it runs (`schemas/compiled-templates`:
 * MJML already applied at build time, placeholders kept). Per edition, `prepareEdition`
 * (`digest/prepare`) fills the edition's words and every candidate paper; per reader, `assembleDigest`
 * fills the reader's slots and joins the reader's papers: through the quick form (`digest/quick`, the
 * sender's readers, who come with feedback tokens) or the prepared slots (`digest/slotted`: readers
 * without tokens, and the size fallback). No MJML and no I/O here: the email-renderer adapter hands the
 * compiled templates in, and the reference full render (`adapters/template-compiler.renderDigestFull`)
 * runs MJML on `digestMjml`'s source (`digest/mjml-source`). All must give the same bytes
 * (test/core/digest-render.test.ts).
 */

import {
  type DigestEmail,
  type DigestReader,
  MAX_DIGEST_HTML_BYTES,
  type PreparedEdition,
} from './digest/model';
import { assembleQuick, quickEditionOf } from './digest/quick';
import { assembleSlotted } from './digest/slotted';

export { digestMjml } from './digest/mjml-source';
export {
  type DigestEmail,
  type DigestReader,
  type DigestSources,
  MAX_DIGEST_HTML_BYTES,
  PAPER_READER_SLOTS,
  type PreparedEdition,
  READER_SLOTS,
  type ReaderLinks,
  SECTION_HEADINGS,
} from './digest/model';
export { cutAtPapers, prepareEdition } from './digest/prepare';
export { fitToSize } from './digest/slotted';
export { editionHeading, escapeHtmlLatin1 } from './digest/values';

/** One reader's email from the prepared edition: string assembly only. */
export function assembleDigest(
  prepared: PreparedEdition,
  reader: DigestReader,
  maxHtmlBytes = MAX_DIGEST_HTML_BYTES,
): DigestEmail {
  return reader.links.feedbackToken
    ? assembleQuick(prepared, quickEditionOf(prepared), reader, maxHtmlBytes)
    : assembleSlotted(prepared, reader, maxHtmlBytes);
}
