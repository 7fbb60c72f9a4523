package dev.vmssrollout.model.identity;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdentityTest {

    @ParameterizedTest
    @ValueSource(strings = {"alice", "alice ", " alice", "ALICE", "Alice\t", "\uFF41\uFF4C\uFF49\uFF43\uFF45",
            "al\u200Bice", "\uFEFFalice", "alice\u00A0"})
    void disguisedSpellingsOfTheSubmitterAreTheSamePerson(String disguise) {
        assertThat(Identity.of("alice").sameAs(disguise)).as("'%s'", disguise).isTrue();
        assertThat(Identity.samePerson(disguise, "alice")).isTrue();
    }

    @Test
    void ligaturesAndCompatibilityFormsFoldTogether() {
        assertThat(Identity.samePerson("\uFB01nn", "finn")).isTrue(); // "ﬁ" ligature
        assertThat(Identity.samePerson("stra\u00DFe", "STRASSE")).isTrue();
    }

    @Test
    void differentPeopleStayDifferent() {
        assertThat(Identity.samePerson("alice", "alicia")).isFalse();
        assertThat(Identity.samePerson("alice", "bob")).isFalse();
        assertThat(Identity.samePerson("alice", null)).isFalse();
        assertThat(Identity.samePerson(null, null)).isFalse();
    }

    @Test
    void blankAndInvisibleNamesAreNoIdentity() {
        assertThat(Identity.isBlank(" \u200B\u200D ")).isTrue();
        assertThatThrownBy(() -> Identity.of("\u200B")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Identity.of(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsTheNameAsGivenForDisplay() {
        assertThat(Identity.of("  Alice Smith ").display()).isEqualTo("Alice Smith");
        assertThat(Identity.of("  Alice Smith ").key()).isEqualTo("alice smith");
    }
}
