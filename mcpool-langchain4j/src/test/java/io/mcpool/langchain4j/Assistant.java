package io.mcpool.langchain4j;

import dev.langchain4j.invocation.InvocationParameters;
import dev.langchain4j.service.UserMessage;

/** The AI service the tests build with {@code AiServices}. */
interface Assistant {

    /**
     * @param message the user's message
     * @return the model's answer
     */
    String chat(String message);

    /**
     * @param message    the user's message
     * @param parameters parameters of this invocation, e.g. {@link InvocationBorrowOptions#parameters}
     * @return the model's answer
     */
    String chat(@UserMessage String message, InvocationParameters parameters);
}
