import { type QueryKey, useMutation, useQueryClient } from "@tanstack/react-query";
import type { FormInstance } from "antd";
import { useTranslation } from "react-i18next";
import { applyServerErrors } from "../../../components/formErrors";

interface Options<R> {
  /** error code → form field(s) to flag, e.g. { window_number_taken: "number" } */
  codeFields?: Record<string, string | string[]>;
  /** queries to refresh after success */
  invalidate?: QueryKey[];
  onSuccess?: (result: R) => void;
}

/**
 * Sends a form to the server. A failure stays visible: the fields it names get their
 * message, and `error` holds the whole problem for an alert next to the form.
 */
export function useFormSubmit<V, R>(form: FormInstance | null, send: (values: V) => Promise<R>, opts: Options<R> = {}) {
  const { i18n } = useTranslation();
  const qc = useQueryClient();
  const m = useMutation({
    mutationFn: send,
    onSuccess: async (result) => {
      await Promise.all((opts.invalidate ?? []).map((queryKey) => qc.invalidateQueries({ queryKey })));
      opts.onSuccess?.(result);
    },
    onError: (err) => {
      if (form) applyServerErrors(form, err, i18n.language, opts.codeFields);
    },
  });
  return {
    submit: (values: V) =>
      m.mutateAsync(values).then(
        () => undefined,
        () => undefined,
      ),
    busy: m.isPending,
    error: m.error,
    reset: m.reset,
  };
}
