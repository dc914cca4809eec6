import * as z from 'zod';

/**
 * The email templates after MJML, as the build hands them to the functions (`infra/bundling.ts`
 * defines them into the api and sender bundles) and as the local stack and tests compile them once at
 * start (`adapters/template-compiler.ts`). Every string keeps its `{{placeholders}}`
 * (`core/fill-template.ts`); nothing here needs MJML any more.
 */
export const templateNameSchema = z.enum(['confirm', 'already-subscribed']);
export type TemplateName = z.infer<typeof templateNameSchema>;

const emailTemplateSchema = z.object({ html: z.string(), text: z.string() });

/** A template cut around its papers: `head + paper × n + foot`. */
const cutTemplateSchema = z.object({ head: z.string(), paper: z.string(), foot: z.string() });

export const compiledDigestSchema = z.object({
  /**
   * `digest.mjml` through MJML with `digest-paper.mjml` as its paper: cut at the top-level section
   * boundaries, where MJML merges Outlook's conditional comments, so one paper's section can repeat.
   */
  html: cutTemplateSchema,
  /** `digest.txt` cut at `{{papers}}`, with `digest-paper.txt` as its paper. */
  text: cutTemplateSchema,
});
export type CompiledDigest = z.infer<typeof compiledDigestSchema>;

export const compiledTemplatesSchema = z.object({
  emails: z.record(templateNameSchema, emailTemplateSchema),
  digest: compiledDigestSchema,
});
export type CompiledTemplates = z.infer<typeof compiledTemplatesSchema>;
