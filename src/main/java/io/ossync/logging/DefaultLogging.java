package io.ossync.logging;

import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's configuration when nobody gave one: {@link LogSetup}, without parsing any XML. Found by
 * Logback through {@code META-INF/services}, before its own configurators.
 *
 * <p>A file named by {@code -Dlogback.configurationFile} (e.g. the operators' conf/logback.xml) and a
 * {@code logback-test.xml} on the class path (the tests') still win, as they do in Logback's own
 * search: then this steps aside and Logback's {@code DefaultJoranConfigurator} reads them.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class DefaultLogging extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty(ClassicConstants.CONFIG_FILE_PROPERTY) != null) {
            addInfo("-D" + ClassicConstants.CONFIG_FILE_PROPERTY + " is set: leaving the configuration to it");
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        if (DefaultLogging.class.getClassLoader().getResource(ClassicConstants.TEST_AUTOCONFIG_FILE) != null) {
            addInfo(ClassicConstants.TEST_AUTOCONFIG_FILE + " is on the class path: leaving the configuration to it");
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        LogSetup.apply(context, name -> variable(context, name));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Where Logback looks up {@code ${NAME}} in a configuration file, in its order. */
    static String variable(LoggerContext context, String name) {
        String value = context.getProperty(name);
        if (value == null) {
            value = System.getProperty(name);
        }
        return value != null ? value : System.getenv(name);
    }
}
