import { ActionIcon, Button, FileButton, Group, Kbd, Loader, Menu, Pill, SegmentedControl, Text, Textarea, Tooltip } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconChevronUp, IconLock, IconMail, IconMessage, IconPaperclip, IconSend } from "@tabler/icons-react";
import { useImperativeHandle, useRef, useState, type Ref } from "react";
import { useTranslation } from "react-i18next";
import { limits } from "../../../../common/limits";
import type { AttachmentView, ConversationView, StatusView } from "../../../../common/views";
import { errorMessage } from "../../i18n/errors";
import { useFormatters } from "../../i18n/format";
import { useStatusLabel } from "../../ui/StatusBadge";
import { useCurrentAgent } from "../auth/session";
import { EmailComposeFields, EmailKindControl } from "../email/EmailComposeFields";
import { useEmailCompose } from "../email/use-email-compose";
import { ArticlePicker } from "../knowledge/ArticlePicker";
import { uploadAttachment, useSendMessage } from "./conversation.api";
import classes from "./Conversation.module.css";

export type ComposerMode = "reply" | "note";
export type ComposerHandle = { focus: (mode: ComposerMode) => void };

type Draft = { text: string; attachments: AttachmentView[] };
// Drafts survive switching between conversations (not reloads).
const drafts = new Map<string, Draft>();
const draftKey = (conversationId: string, mode: ComposerMode) => `${conversationId}:${mode}`;

type Props = {
  ref?: Ref<ComposerHandle>;
  conversation: ConversationView;
  statuses: StatusView[];
  onTyping: () => void;
  onStoppedTyping: () => void;
};

/** Reply to the customer or write an internal note; Ctrl+Enter sends, the menu also sets a status. */
export function Composer({ ref, conversation, statuses, onTyping, onStoppedTyping }: Props) {
  const { t } = useTranslation();
  const format = useFormatters();
  const agent = useCurrentAgent();
  const statusLabel = useStatusLabel(statuses);
  const send = useSendMessage(conversation, { id: agent.id, name: agent.name });
  const [mode, setMode] = useState<ComposerMode>("reply");
  const [draft, setDraftState] = useState<Draft>(() => drafts.get(draftKey(conversation.id, "reply")) ?? { text: "", attachments: [] });
  const [uploading, setUploading] = useState<string[]>([]);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const isNote = mode === "note";
  // On email conversations a reply is a mail: reply, reply-all or forward, with recipients to check.
  const isEmail = conversation.channel.type === "email";
  const email = useEmailCompose(conversation, { id: agent.id, name: agent.name }, {
    isEnabled: isEmail,
    onRequested: () => {
      switchMode("reply");
      requestAnimationFrame(() => textarea.current?.focus());
    },
  });
  const isMail = isEmail && !isNote;

  const setDraft = (next: Draft) => {
    setDraftState(next);
    if (next.text || next.attachments.length) drafts.set(draftKey(conversation.id, mode), next);
    else drafts.delete(draftKey(conversation.id, mode));
  };

  const switchMode = (next: ComposerMode) => {
    if (next === mode) return;
    if (mode === "reply") onStoppedTyping();
    setMode(next);
    setDraftState(drafts.get(draftKey(conversation.id, next)) ?? { text: "", attachments: [] });
  };

  useImperativeHandle(ref, () => ({
    focus: (next) => {
      switchMode(next);
      requestAnimationFrame(() => textarea.current?.focus());
    },
  }));

  const hasContent = draft.text.trim().length > 0 || draft.attachments.length > 0;
  const canSend = (isMail ? email.canSend(hasContent) : hasContent) && uploading.length === 0;

  const submit = (status?: string) => {
    if (!canSend) return;
    const input = { text: draft.text.trim(), isNote, attachments: draft.attachments, status };
    const sentMode = mode;
    setDraft({ text: "", attachments: [] });
    if (!isNote) onStoppedTyping();
    const onError = (error: Error) => {
      // Nothing is lost: the text goes back into the composer.
      drafts.set(draftKey(conversation.id, sentMode), { text: input.text, attachments: input.attachments });
      if (sentMode === mode) setDraftState({ text: input.text, attachments: input.attachments });
      notifications.show({ color: "red", title: isNote ? t("composer.noteFailed") : t("composer.replyFailed"), message: errorMessage(t, error) });
    };
    if (isMail) email.send(input, { onError, onSuccess: email.reset });
    else send.mutate(input, { onError });
  };

  const attach = async (files: File[]) => {
    const room = limits.attachmentsPerMessage - draft.attachments.length;
    for (const file of files.slice(0, Math.max(0, room))) {
      if (file.size > limits.attachmentBytes) {
        notifications.show({ color: "red", title: file.name, message: t("errors.attachment_too_large") });
        continue;
      }
      setUploading((names) => [...names, file.name]);
      try {
        const attachment = await uploadAttachment(file);
        setDraftState((current) => {
          const next = { ...current, attachments: [...current.attachments, attachment] };
          drafts.set(draftKey(conversation.id, mode), next);
          return next;
        });
      } catch (error) {
        notifications.show({ color: "red", title: t("composer.uploadFailed", { name: file.name }), message: errorMessage(t, error) });
      } finally {
        setUploading((names) => names.filter((name) => name !== file.name));
      }
    }
  };

  const otherStatuses = statuses.filter((status) => status.key !== conversation.status);

  return (
    <div className={classes.composer} data-mode={mode}>
      <Group justify="space-between" mb={6} wrap={isMail ? "wrap" : "nowrap"} gap="xs">
        <SegmentedControl
          size="xs"
          value={mode}
          onChange={(value) => switchMode(value as ComposerMode)}
          aria-label={t("composer.mode")}
          data={[
            {
              value: "reply",
              label: (
                <Group gap={4} wrap="nowrap">
                  {isEmail ? <IconMail size={14} aria-hidden /> : <IconMessage size={14} aria-hidden />}
                  {isEmail ? t("email.compose.email") : t("composer.reply")}
                </Group>
              ),
            },
            {
              value: "note",
              label: (
                <Group gap={4} wrap="nowrap">
                  <IconLock size={14} aria-hidden />
                  {t("composer.note")}
                </Group>
              ),
            },
          ]}
        />
        {isMail ? (
          <EmailKindControl compose={email} />
        ) : (
          <Text size="xs" c="dimmed" visibleFrom="sm">
            {isNote ? t("composer.noteHint") : t("composer.replyHint", { name: conversation.customer.name })}
          </Text>
        )}
      </Group>
      {isMail && <EmailComposeFields compose={email} />}
      <Textarea
        ref={textarea}
        aria-label={isNote ? t("composer.noteLabel") : isMail && email.isForward ? t("email.compose.forwardNoteLabel") : t("composer.replyLabel", { name: conversation.customer.name })}
        placeholder={isNote ? t("composer.notePlaceholder") : t("composer.replyPlaceholder")}
        autosize
        minRows={3}
        maxRows={12}
        maxLength={limits.messageTextLength}
        value={draft.text}
        classNames={{ input: classes.composerInput }}
        onChange={(event) => {
          setDraft({ ...draft, text: event.currentTarget.value });
          if (!isNote) onTyping();
        }}
        onKeyDown={(event) => {
          if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            // With Shift: send and solve in one go.
            submit(event.shiftKey ? statuses.find((status) => status.kind === "solved")?.key : undefined);
          } else if (event.key === "Escape") {
            event.currentTarget.blur();
          }
        }}
      />
      {(draft.attachments.length > 0 || uploading.length > 0) && (
        <Pill.Group mt={6} aria-label={t("composer.attachments")}>
          {draft.attachments.map((attachment) => (
            <Pill
              key={attachment.id}
              withRemoveButton
              // Mantine hides the remove button from keyboards and screen readers by default; attachments must be removable without a mouse.
              removeButtonProps={{ "aria-label": t("composer.removeAttachment", { name: attachment.fileName }), "aria-hidden": false, tabIndex: 0 }}
              onRemove={() => setDraft({ ...draft, attachments: draft.attachments.filter((candidate) => candidate.id !== attachment.id) })}
            >
              {attachment.fileName} · {format.fileSize(attachment.byteSize)}
            </Pill>
          ))}
          {uploading.map((name) => (
            <Pill key={`uploading-${name}`}>
              <Group gap={4} wrap="nowrap">
                <Loader size={10} aria-hidden />
                {t("composer.uploading", { name })}
              </Group>
            </Pill>
          ))}
        </Pill.Group>
      )}
      <Group justify="space-between" mt="xs" wrap="nowrap">
        <Group gap={6} wrap="nowrap">
          <FileButton onChange={(files) => void attach(files)} multiple>
            {(props) => (
              <Tooltip label={t("composer.attach")}>
                <ActionIcon {...props} variant="subtle" color="gray" size="lg" aria-label={t("composer.attach")}>
                  <IconPaperclip size={18} aria-hidden />
                </ActionIcon>
              </Tooltip>
            )}
          </FileButton>
          <ArticlePicker
            onInsert={(snippet) => {
              setDraft({ ...draft, text: draft.text.trim() ? `${draft.text.trimEnd()}\n\n${snippet}` : snippet });
              requestAnimationFrame(() => textarea.current?.focus());
            }}
          />
          <Text size="xs" c="dimmed" visibleFrom="sm">
            <Kbd size="xs">Ctrl</Kbd> + <Kbd size="xs">Enter</Kbd> {t("composer.toSend")}
          </Text>
        </Group>
        <Group gap={0} wrap="nowrap">
          <Button
            color={isNote ? "yellow.8" : "indigo"}
            leftSection={isNote ? <IconLock size={16} aria-hidden /> : <IconSend size={16} aria-hidden />}
            disabled={!canSend}
            onClick={() => submit()}
            className={classes.sendButton}
          >
            {isNote ? t("composer.addNote") : t("composer.send")}
          </Button>
          <Menu position="top-end" withinPortal>
            <Menu.Target>
              <ActionIcon
                color={isNote ? "yellow.8" : "indigo"}
                variant="filled"
                size={36}
                disabled={!canSend}
                aria-label={t("composer.sendAndSetStatus")}
                className={classes.sendMenuButton}
              >
                <IconChevronUp size={16} aria-hidden />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>{isNote ? t("composer.addNoteAndSet") : t("composer.sendAndSet")}</Menu.Label>
              {otherStatuses.map((status) => (
                <Menu.Item key={status.id} onClick={() => submit(status.key)}>
                  {statusLabel(status.key, status.kind)}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>
    </div>
  );
}
