import { useCallback, useEffect, useRef, useState } from "react";
import type { Bilingual } from "~/lib/errors";

export type AutosaveStatus = "idle" | "waiting" | "pending" | "saving" | "saved" | "failed" | "conflict" | "invalid";

export type AutosaveOptions<R> = {
  formRef: React.RefObject<HTMLFormElement>;
  /** a resource route answering JSON: 2xx with the saved record, or { code, message } */
  url: string;
  /** quiet time after the last keystroke before saving */
  delayMs?: number;
  /** whether the form holds enough to be saved at all (e.g. a title); otherwise it waits */
  ready?: (data: FormData) => boolean;
  /** fields added at save time (the record's id and version as last saved) */
  extra?: () => Record<string, string>;
  onSaved?: (result: R) => void;
};

export type Autosave = {
  status: AutosaveStatus;
  savedAt: string | null;
  error: Bilingual | null;
  /** pass to the form's onSubmit: a full save replaces pending autosaves and waits for one in flight */
  beforeSubmit: (e: React.FormEvent<HTMLFormElement>) => void;
};

const RETRY_MS = [3_000, 6_000, 15_000, 30_000, 60_000];

/**
 * Saves a form as the person types: `delayMs` after the last change, when a field loses focus and
 * when the page is hidden. One save at a time; a failed save is retried with backoff; a conflict
 * or refusal stops saving and says why, so nothing is overwritten. The form keeps working
 * without JavaScript through its own buttons.
 */
export function useAutosave<R>({ formRef, url, delayMs = 2000, ready, extra, onSaved }: AutosaveOptions<R>): Autosave {
  const [status, setStatus] = useState<AutosaveStatus>("idle");
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [error, setError] = useState<Bilingual | null>(null);
  const s = useRef({ dirty: false, inFlight: false, again: false, stopped: false, attempt: 0, timer: 0 as unknown as ReturnType<typeof setTimeout> | 0, resubmit: null as null | (() => void) });
  const opts = useRef({ url, ready, extra, onSaved, delayMs });
  opts.current = { url, ready, extra, onSaved, delayMs };

  const save = useCallback(async (keepalive = false) => {
    const st = s.current;
    const form = formRef.current;
    if (!form || st.stopped) return;
    if (st.timer) clearTimeout(st.timer);
    st.timer = 0;
    if (st.inFlight) {
      st.again = true;
      return;
    }
    const data = new FormData(form);
    if (opts.current.ready && !opts.current.ready(data)) {
      setStatus("waiting");
      return;
    }
    for (const [k, v] of Object.entries(opts.current.extra?.() ?? {})) data.set(k, v);
    st.dirty = false;
    st.inFlight = true;
    setStatus("saving");
    let retry = false;
    try {
      const res = await fetch(opts.current.url, { method: "POST", body: data, keepalive, headers: { Accept: "application/json" } });
      const body = (await res.json().catch(() => null)) as (R & { code?: string; message?: Bilingual }) | null;
      if (res.ok && body) {
        st.attempt = 0;
        setError(null);
        setSavedAt(new Date().toISOString());
        opts.current.onSaved?.(body);
        setStatus(st.dirty ? "pending" : "saved");
      } else if (res.status === 422 && body) {
        setError(body.message ?? null);
        setStatus("invalid");
      } else if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
        // a conflict, a refusal or a state that no longer allows editing: stop, overwrite nothing
        st.stopped = true;
        setError(body?.message ?? null);
        setStatus("conflict");
      } else retry = true;
    } catch {
      retry = true;
    } finally {
      st.inFlight = false;
    }
    if (st.resubmit) {
      // the person pressed a button meanwhile: their full save goes ahead whatever happened here
      const go = st.resubmit;
      st.resubmit = null;
      go();
    } else if (retry) {
      st.dirty = true;
      setStatus("failed");
      st.timer = setTimeout(() => void save(), RETRY_MS[Math.min(st.attempt++, RETRY_MS.length - 1)]);
    } else if (st.again || st.dirty) {
      st.again = false;
      if (!st.timer) st.timer = setTimeout(() => void save(), opts.current.delayMs);
    }
  }, [formRef]);

  useEffect(() => {
    const form = formRef.current;
    if (!form) return;
    const st = s.current;
    const changed = (e: Event) => {
      const el = e.target as HTMLElement | null;
      if (!el || el.tagName === "BUTTON" || st.stopped) return;
      st.dirty = true;
      setStatus((x) => (x === "saving" ? x : "pending"));
      if (st.timer) clearTimeout(st.timer);
      st.timer = setTimeout(() => void save(), opts.current.delayMs);
    };
    const blurred = () => {
      if (st.dirty) void save();
    };
    const hidden = () => {
      if (document.visibilityState === "hidden" && st.dirty) void save(true);
    };
    // what was typed before the page's script ran fired no events here: compare with the defaults
    if (typedBeforeHydration(form)) changed({ target: form } as unknown as Event);
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("focusout", blurred);
    document.addEventListener("visibilitychange", hidden);
    return () => {
      form.removeEventListener("input", changed);
      form.removeEventListener("change", changed);
      form.removeEventListener("focusout", blurred);
      document.removeEventListener("visibilitychange", hidden);
      if (st.timer) clearTimeout(st.timer);
    };
  }, [formRef, save]);

  const beforeSubmit = useCallback((e: React.FormEvent<HTMLFormElement>) => {
    const st = s.current;
    if (st.timer) clearTimeout(st.timer);
    st.timer = 0;
    st.dirty = false;
    if (!st.inFlight) return;
    // wait for the save in flight, then post with the version it brought back
    e.preventDefault();
    const form = e.currentTarget;
    const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLElement | null;
    st.resubmit = () => form.requestSubmit(submitter ?? undefined);
  }, []);

  return { status, savedAt, error, beforeSubmit };
}

/** Whether any field differs from the value the page was rendered with. */
function typedBeforeHydration(form: HTMLFormElement): boolean {
  for (const el of Array.from(form.elements)) {
    if (el instanceof HTMLInputElement) {
      if (el.type === "checkbox" || el.type === "radio" ? el.checked !== el.defaultChecked : el.type !== "hidden" && el.value !== el.defaultValue) return true;
    } else if (el instanceof HTMLTextAreaElement) {
      if (el.value !== el.defaultValue) return true;
    } else if (el instanceof HTMLSelectElement) {
      if (Array.from(el.options).some((o) => o.selected !== o.defaultSelected) && Array.from(el.options).some((o) => o.defaultSelected)) return true;
    }
  }
  return false;
}
