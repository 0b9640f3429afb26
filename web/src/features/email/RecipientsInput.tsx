import { Group, Pill, TagsInput, Text } from "@mantine/core";
import { useId } from "@mantine/hooks";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import type { EmailAddressView } from "../../../../common/views";
import { formatAddress, parseAddressList, uniqueRecipients } from "./email-addresses";
import classes from "./Email.module.css";

type Props = {
  label: string;
  value: EmailAddressView[];
  onChange: (people: EmailAddressView[]) => void;
  suggestions: EmailAddressView[];
  isDisabled?: boolean;
  /** Shown at the end of the row (e.g. "Add Bcc"). */
  action?: ReactNode;
};

/** Addresses as removable pills; typing or pasting adds them (Enter, comma or semicolon), mistakes stay in the field to fix. */
export function RecipientsInput({ label, value, onChange, suggestions, isDisabled, action }: Props) {
  const id = useId();
  const { t } = useTranslation();
  const [search, setSearch] = useState("");
  const [invalid, setInvalid] = useState<string[]>([]);
  const shown = value.map(formatAddress);
  const taken = new Set(value.map((person) => person.address));

  const change = (entries: string[]) => {
    const kept = value.filter((person) => entries.includes(formatAddress(person)));
    const added = parseAddressList(entries.filter((entry) => !shown.includes(entry)));
    onChange(uniqueRecipients([...kept, ...added.addresses]));
    setInvalid(added.invalid);
    // What is not an address goes back into the field instead of disappearing.
    if (added.invalid.length > 0) setSearch(added.invalid.join(", "));
  };

  // The label sits left of the field, as in mail programs: three recipient rows stay compact.
  return (
    <Group gap={6} wrap="nowrap" align="flex-start">
      <Text component="label" htmlFor={id} size="xs" c="dimmed" className={classes.recipientLabel}>
        {label}
      </Text>
      <TagsInput
        id={id}
        flex={1}
        miw={0}
        size="xs"
        value={shown}
        onChange={change}
        searchValue={search}
        onSearchChange={(next) => {
          setSearch(next);
          if (invalid.length > 0) setInvalid([]);
        }}
        splitChars={[",", ";"]}
        data={suggestions.filter((person) => !taken.has(person.address)).map(formatAddress)}
        error={invalid.length > 0 ? t("email.compose.invalidAddress", { value: invalid.join(", ") }) : undefined}
        disabled={isDisabled}
        acceptValueOnBlur
        clearable={false}
        renderPill={({ value: entry, onRemove }) => (
          <Pill
            key={entry}
            withRemoveButton={!isDisabled}
            // Mantine hides the remove button from keyboards and screen readers by default; recipients must be removable without a mouse.
            removeButtonProps={{ "aria-label": t("email.compose.removeRecipient", { name: entry }), "aria-hidden": false, tabIndex: 0 }}
            onRemove={onRemove}
          >
            {entry}
          </Pill>
        )}
      />
      {action}
    </Group>
  );
}
