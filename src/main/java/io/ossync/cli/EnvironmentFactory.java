package io.ossync.cli;

import picocli.CommandLine;

import java.lang.reflect.Constructor;
import java.util.Map;

/**
 * Creates commands, handing the environment to those that read it (credentials, endpoint), so that
 * tests can run the command line in process with an environment of their own.
 */
final class EnvironmentFactory implements CommandLine.IFactory {

    private final Map<String, String> env;

    EnvironmentFactory(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        try {
            Constructor<K> withEnv = type.getDeclaredConstructor(Map.class);
            return withEnv.newInstance(env);
        } catch (NoSuchMethodException noEnvConstructor) {
            return CommandLine.defaultFactory().create(type);
        }
    }
}
