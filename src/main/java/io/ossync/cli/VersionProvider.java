package io.ossync.cli;

import picocli.CommandLine;

/** Reports the version written into the jar's manifest at build time. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"ossync " + (v == null ? "(development build)" : v)};
    }
}
