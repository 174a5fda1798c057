/**
 * Buyer tax identifiers checked in the browser before payment, with the same rules as
 * standard/codes.py (validate_mst, validate_personal_id, validate_buyer_tax_id), so a
 * cashier learns at the till, not from the tax authority, that an MST is wrong.
 */

const MST_WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3];
// Province codes of the 12-digit personal ID (same list as PERSONAL_ID_PROVINCES).
const PROVINCES = new Set(
    ("001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 " +
        "034 035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 " +
        "067 068 070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096"
    ).split(" ")
);

function fail(message, messageVi) {
    return { ok: false, message, messageVi };
}

export function checkMst(value) {
    const text = (value || "").trim();
    const compact = text.replace(/[\s.\-]/g, "");
    if (!/^[0-9]+$/.test(compact)) {
        return fail(
            `tax code "${text}" must contain only digits and one '-'`,
            `mã số thuế "${text}" chỉ được gồm chữ số và một dấu '-'`
        );
    }
    if (compact.length !== 10 && compact.length !== 13) {
        return fail(
            `tax code "${text}" must have 10 digits or 10 + '-' + 3 digits`,
            `mã số thuế "${text}" phải có 10 chữ số hoặc 10 chữ số + '-' + 3 chữ số`
        );
    }
    if (compact.length === 13 && compact.slice(10) === "000") {
        return fail(
            `branch suffix of "${text}" cannot be 000`,
            `mã đơn vị phụ thuộc của "${text}" không được là 000`
        );
    }
    let sum = 0;
    for (let i = 0; i < 9; i++) {
        sum += Number(compact[i]) * MST_WEIGHTS[i];
    }
    const remainder = sum % 11;
    if (remainder === 0) {
        return fail(
            `tax code "${text}" is invalid: its first nine digits admit no check digit`,
            `mã số thuế "${text}" không hợp lệ: chín chữ số đầu không có chữ số kiểm tra`
        );
    }
    if (/^0+$/.test(compact.slice(2, 9))) {
        return fail(
            `tax code "${text}" has a zero serial number`,
            `mã số thuế "${text}" có số thứ tự bằng 0`
        );
    }
    if ((10 - remainder) % 10 !== Number(compact[9])) {
        return fail(
            `check digit of tax code "${text}" is wrong`,
            `chữ số kiểm tra của mã số thuế "${text}" không đúng`
        );
    }
    const normalised = compact.length === 10 ? compact : `${compact.slice(0, 10)}-${compact.slice(10)}`;
    return { ok: true, value: normalised };
}

export function checkPersonalId(value) {
    const text = (value || "").trim();
    const compact = text.replace(/\s/g, "");
    if (!/^[0-9]{12}$/.test(compact)) {
        return fail(
            `personal ID "${text}" must be exactly 12 digits`,
            `số định danh cá nhân "${text}" phải gồm đúng 12 chữ số`
        );
    }
    if (!PROVINCES.has(compact.slice(0, 3))) {
        return fail(
            `personal ID "${text}" starts with ${compact.slice(0, 3)}, not a province code`,
            `số định danh cá nhân "${text}" có mã tỉnh ${compact.slice(0, 3)} không tồn tại`
        );
    }
    return { ok: true, value: compact };
}

/** Buyer MST: an MST or, from 2025-07-01, a 12-digit personal ID used as MST. */
export function checkBuyerTaxId(value) {
    const compact = (value || "").replace(/\s/g, "");
    if (/^[0-9]{12}$/.test(compact)) {
        return checkPersonalId(compact);
    }
    return checkMst(compact);
}
