/**
 * In tours only (web.assets_tests): a server error shown to the user (UserError,
 * RedirectWarning, a traceback) fails the tour, as client errors already do.
 *
 * Odoo's RPC error handler shows the dialog and marks the error as handled, so nothing
 * reaches the console and a tour would go on.  This handler runs first, writes the
 * error to the console (which fails the tour) and lets Odoo show the dialog.  A tour
 * that means to show an error first announces its text with `expectServerError`.
 */
import { registry } from "@web/core/registry";
import { RPCError } from "@web/core/network/rpc";
import { UncaughtPromiseError } from "@web/core/errors/error_service";

export const expectedServerErrors = [];

function failTourOnServerError(env, error, originalError) {
    if (error instanceof UncaughtPromiseError && originalError instanceof RPCError) {
        const message = originalError.data?.message || originalError.message || "";
        const expected = expectedServerErrors.findIndex((text) => message.includes(text));
        if (expected >= 0) {
            expectedServerErrors.splice(expected, 1);
        } else {
            console.error(`Server error shown to the user: ${originalError.exceptionName}: ${message}`);
        }
    }
    return false;
}

registry
    .category("error_handlers")
    .add("l10n_vn_einvoice.fail_tour_on_server_error", failTourOnServerError, { sequence: 0 });
