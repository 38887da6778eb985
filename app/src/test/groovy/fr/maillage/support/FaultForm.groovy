package fr.maillage.support

/**
 * Fault specs run short in the test suite and long from infra/bench/faults.sh, which sets
 * -Dmaillage.fault.form=long (and may set a count directly, e.g. -Dmaillage.fault.frames=N).
 */
final class FaultForm {
    private FaultForm() {
    }

    static boolean isLong() {
        System.getProperty('maillage.fault.form') == 'long'
    }

    /** The count named {@code name}: its own property if set, else the long or short form. */
    static int count(String name, int shortForm, int longForm) {
        String set = System.getProperty("maillage.fault.${name}")
        set ? Integer.parseInt(set) : (isLong() ? longForm : shortForm)
    }
}
