/** Limits enforced by the server and announced to the agent app and widget. */
export const limits = {
  messageTextLength: 20_000,
  messageHtmlLength: 200_000,
  subjectLength: 300,
  attachmentBytes: 20 * 1024 * 1024,
  attachmentsPerMessage: 10,
  /** JSON bodies carrying base64 attachments (API channel) may be this large. */
  jsonBodyBytes: 40 * 1024 * 1024,
  tagLength: 50,
  tagsPerConversation: 30,
  pageSizeDefault: 25,
  pageSizeMax: 100,
  passwordMinLength: 10,
  loginFailuresBeforeLockout: 5,
  lockoutMinutes: 15,
} as const;
