package dev.vmssrollout.cli;

/** {@code java -jar vmss-rollout-cli.jar ...}: see {@link VmssRollout}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(VmssRollout.run(CliContext.system(), args));
    }
}
