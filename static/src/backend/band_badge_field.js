import { registry } from "@web/core/registry";
import { BadgeField, badgeField } from "@web/views/fields/badge/badge_field";

/**
 * A risk band as a badge in the band's own colour (faible green, modéré
 * yellow, élevé orange, critique red), the colours of every chart: Bootstrap's
 * decorations have no orange.
 */
export class BandBadgeField extends BadgeField {
    get classFromDecoration() {
        const band = this.props.record.data[this.props.name];
        return `o_itlaw_band_badge o_itlaw_band_${band || "none"}`;
    }
}

registry.category("fields").add("itlaw_band_badge", { ...badgeField, component: BandBadgeField });
