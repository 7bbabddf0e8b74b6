/* Decap CMS widgets for the rules a pattern of config.yml cannot say (ess_site/tools/cms.py uses them).
   Loaded by /admin/ after decap-cms.js, which provides CMS, createClass and h. */
(function () {
  "use strict";
  var text = CMS.getWidget("string");

  /* The SIRET's key, as the build checks it (content/actors.py siret_checksum_ok): Luhn, except
     La Poste's establishments (SIREN 356000000), whose digits add up to a multiple of 5. */
  function siretKeyIsRight(digits) {
    var total = 0;
    if (digits.indexOf("356000000") === 0) {
      for (var i = 0; i < digits.length; i++) total += Number(digits[i]);
      return total % 5 === 0;
    }
    for (var index = 0; index < digits.length; index++) {
      var value = Number(digits[digits.length - 1 - index]) * (index % 2 ? 2 : 1);
      total += value > 9 ? value - 9 : value;
    }
    return total % 10 === 0;
  }

  /* A text input like Decap's string widget, with the key checked once the field's pattern (14 digits)
     holds. (Wrapping the string widget itself made it keep its old caret: a replaced value was appended.) */
  var SiretControl = createClass({
    isValid: function () {
      var digits = String(this.props.value || "").replace(/[^0-9]/g, "");
      if (digits.length !== 14 || siretKeyIsRight(digits)) return true;
      return { error: { type: "SIRET_KEY", message: this.props.field.get("key_hint") } };
    },
    render: function () {
      var props = this.props;
      return h("input", {
        type: "text", id: props.forID, className: props.classNameWrapper, value: props.value || "",
        inputMode: "numeric", autoComplete: "off",
        onChange: function (event) { props.onChange(event.target.value); },
        onFocus: props.setActiveStyle, onBlur: props.setInactiveStyle
      });
    }
  });

  CMS.registerWidget("siret", SiretControl, text.preview);
})();
