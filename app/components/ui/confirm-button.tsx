import * as Dialog from "@radix-ui/react-dialog";
import { useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

type Props = {
  /** the submit button's name/value, sent with the form once confirmed */
  name?: string;
  value?: string;
  className?: string;
  children: ReactNode;
  title: string;
  description: string;
  confirmLabel: string;
  /** an accessible name when the visible text alone is ambiguous (撤销 in a list of tokens) */
  ariaLabel?: string;
};

/**
 * A submit button that asks before an action that cannot be undone. Before JavaScript loads it is
 * a plain submit button (the form still works); once hydrated it opens an accessible dialog
 * (Radix: focus trapped, Escape closes, labelled for screen readers) and submits on confirmation.
 */
export function ConfirmButton({ name, value, className = "btn-secondary", children, title, description, confirmLabel, ariaLabel }: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <button
        ref={button}
        type="submit"
        name={name}
        value={value}
        className={className}
        aria-label={ariaLabel}
        onClick={(e) => {
          if (open) return;
          e.preventDefault();
          setOpen(true);
        }}
      >
        {children}
      </button>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <Dialog.Content className="fixed left-1/2 top-1/3 z-50 w-[min(92vw,28rem)] -translate-x-1/2 rounded-lg bg-white p-6 shadow-xl">
          <Dialog.Title className="mb-2 text-lg font-semibold">{title}</Dialog.Title>
          <Dialog.Description className="mb-5 text-sm leading-6 text-slate-700">{description}</Dialog.Description>
          <div className="flex justify-end gap-2">
            <Dialog.Close className="btn-secondary">{t("actions.cancel")}</Dialog.Close>
            <button
              type="button"
              className="btn-danger"
              onClick={() => {
                setOpen(false);
                const form = button.current?.form;
                if (form) form.requestSubmit(button.current ?? undefined);
              }}
            >
              {confirmLabel}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
