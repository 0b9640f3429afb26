import { z } from "zod";
import { limits } from "../../../common/limits.js";
import { AttachmentView } from "../../../common/views.js";
import { ValidationError } from "../../platform/errors.js";
import { anyRole, staffRoles } from "../../platform/http/access.js";
import type { HttpApp } from "../../platform/http/http-app.js";
import type { Services } from "../../services.js";
import { presentAttachment } from "../messages/messages.presenter.js";
import { attachmentTooLarge } from "./attachments.service.js";

const tags = ["attachments"];

export function registerAttachmentRoutes(app: HttpApp, { attachments }: Services): void {
  app.post(
    "/api/attachments",
    {
      schema: { tags, summary: "Upload a file (multipart/form-data, field `file`) to attach to a reply", consumes: ["multipart/form-data"], response: { 201: z.object({ data: AttachmentView }) } },
      config: { access: staffRoles },
    },
    async (request, reply) => {
      const file = await request.file({ limits: { fileSize: limits.attachmentBytes, files: 1 } });
      if (!file) throw new ValidationError("validation_failed", "Send the file in the multipart field `file`.", [{ field: "body.file", message: "is required" }]);
      const bytes = await file.toBuffer().catch((error: unknown) => {
        // The upload stream stops at the limit: answer as for an oversized file from any channel.
        throw error instanceof app.multipartErrors.RequestFileTooLargeError ? attachmentTooLarge(file.filename) : error;
      });
      const saved = await attachments.upload(request.actor, { fileName: file.filename, bytes });
      return reply.status(201).send({ data: presentAttachment(saved) });
    },
  );

  app.get(
    "/api/attachments/:id",
    { schema: { tags, summary: "Download an attachment", params: z.object({ id: z.uuid() }) }, config: { access: anyRole } },
    async (request, reply) => {
      const { attachment, stream, isInline } = await attachments.open(request.actor, request.params.id);
      const encodedName = encodeURIComponent(attachment.fileName);
      return reply
        .header("content-type", attachment.contentType)
        .header("content-length", String(attachment.byteSize))
        .header("content-disposition", `${isInline ? "inline" : "attachment"}; filename*=UTF-8''${encodedName}`)
        .header("x-content-type-options", "nosniff")
        .header("content-security-policy", "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'")
        .header("cache-control", "private, max-age=3600")
        .send(stream);
    },
  );
}
