import { z } from 'zod';

/**
 * WeChat drops a passive text reply over 2048 bytes (markup such as `<a href>` included). The
 * one definition: the content validator holds answers to it, the WeChat channel cuts pages at it.
 */
export const TEXT_BUDGET_BYTES = 2048;

export const SourceSchema = z.object({
  document: z.string(),
  title: z.string(),
  quote: z.string(),
});
export type Source = z.infer<typeof SourceSchema>;

/**
 * What the user sees; each channel renders these its own way. interfaces.md §2 also lists `image`
 * {url, alt} as a type a client may be sent; nothing here sends one: the filing form's QR code is
 * drawn from its link by the kiosk (/qr.svg) and printed on the form itself, and a WeChat passive
 * image needs a media id uploaded beforehand, for a code the phone showing it could not scan.
 */
export const ReplySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('choices'), options: z.array(z.string()).min(1) }),
  z.object({ type: z.literal('link'), url: z.string(), title: z.string() }),
  z.object({
    type: z.literal('card'),
    title: z.string(),
    text: z.string(),
    source: z.array(SourceSchema).optional(),
  }),
  /** `phone_scope`: whom the phone line is for where the source lists it for some people only (城镇职工). */
  z.object({ type: z.literal('handoff'), text: z.string(), phone: z.string().optional(), phone_scope: z.string().optional() }),
]);
export type Reply = z.infer<typeof ReplySchema>;
